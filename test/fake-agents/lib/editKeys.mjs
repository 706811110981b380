// Keys that edit a composer the same way in every fake: typing, pasting, Backspace, C-u
// (clear), C-w (delete word), C-j / Alt+Enter (newline without submitting).

/** @returns {boolean} whether the key edited the composer */
export function applyEditKey(composer, key) {
  switch (key.name) {
    case 'text':
      composer.type(key.text);
      return true;
    case 'paste':
      composer.paste(key.text);
      return true;
    case 'Backspace':
      composer.backspace();
      return true;
    case 'C-u':
      composer.clear();
      return true;
    case 'C-w':
      composer.deleteWord();
      return true;
    case 'C-j':
    case 'M-Enter':
      composer.type('\n');
      return true;
    default:
      return false;
  }
}
