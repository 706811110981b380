// A numbered-choice permission dialog: cursor, digit shortcuts, Esc, and the short
// window after it appears in which keys are ignored (Claude Code does this so a key
// meant for the composer cannot approve a command by accident).

/**
 * @typedef {{ label: string, outcome: 'allow' | 'allow-always' | 'reject' }} DialogOption
 */

export class Dialog {
  /**
   * @param {{ options: DialogOption[], ignoreMs: number,
   *   letters?: Record<string, number> }} opts  letters: extra shortcut keys → option index
   */
  constructor({ options, ignoreMs, letters = {} }) {
    this.options = options;
    this.ignoreMs = ignoreMs;
    this.letters = letters;
    this.selected = 0;
    this.shownAt = Date.now();
  }

  inIgnoreWindow(now = Date.now()) {
    return now - this.shownAt < this.ignoreMs;
  }

  /**
   * @returns {{ type: 'ignored' } | { type: 'moved' } | { type: 'unhandled' }
   *   | { type: 'chosen', index: number, option: DialogOption }}
   */
  handleKey(key) {
    if (this.inIgnoreWindow()) return { type: 'ignored' };
    const choose = (index) => ({ type: 'chosen', index, option: this.options[index] });
    const last = this.options.length - 1;
    switch (key.name) {
      case 'Up':
        this.selected = Math.max(0, this.selected - 1);
        return { type: 'moved' };
      case 'Down':
      case 'Tab':
        this.selected = Math.min(last, this.selected + 1);
        return { type: 'moved' };
      case 'Enter':
        return choose(this.selected);
      case 'Escape':
      case 'C-c':
        return choose(last);
      case 'text': {
        // Only a single key press counts; a run of typed text is not an answer.
        const chars = Array.from(key.text ?? '');
        if (chars.length !== 1) return { type: 'unhandled' };
        const ch = chars[0];
        if (/^[1-9]$/.test(ch) && Number(ch) <= this.options.length) return choose(Number(ch) - 1);
        if (ch in this.letters) return choose(this.letters[ch]);
        return { type: 'unhandled' };
      }
      default:
        return { type: 'unhandled' };
    }
  }
}
