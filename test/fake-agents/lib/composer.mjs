// The prompt being typed. Typed text and pastes are kept as segments so the submitted
// prompt is byte-for-byte what arrived, while a big paste can be shown collapsed the way
// Claude Code shows it ("[Pasted text #1 +12 lines]").

export class Composer {
  /** @param {{ collapse?: (text: string) => boolean, label?: (n: number, text: string) => string }} opts */
  constructor(opts = {}) {
    this.collapse = opts.collapse ?? (() => false);
    this.label = opts.label ?? ((n, text) => `[Pasted text #${n} +${text.split('\n').length - 1} lines]`);
    /** @type {{ kind: 'text' | 'paste', text: string, n?: number }[]} */
    this.segments = [];
    this.pastes = 0;
  }

  type(text) {
    const last = this.segments[this.segments.length - 1];
    if (last && last.kind === 'text') last.text += text;
    else this.segments.push({ kind: 'text', text });
  }

  paste(text) {
    if (text === '') return;
    if (this.collapse(text)) {
      this.pastes += 1;
      this.segments.push({ kind: 'paste', text, n: this.pastes });
    } else {
      this.type(text);
    }
  }

  /** Deletes the last character (a collapsed paste goes as a whole, like the real UI). */
  backspace() {
    const last = this.segments[this.segments.length - 1];
    if (!last) return;
    if (last.kind === 'paste') {
      this.segments.pop();
      return;
    }
    const chars = Array.from(last.text);
    chars.pop();
    last.text = chars.join('');
    if (last.text === '') this.segments.pop();
  }

  /** Deletes back to the previous word boundary (C-w). */
  deleteWord() {
    const last = this.segments[this.segments.length - 1];
    if (!last) return;
    if (last.kind === 'paste') return void this.segments.pop();
    last.text = last.text.replace(/\s*\S+\s*$/, '');
    if (last.text === '') this.segments.pop();
  }

  clear() {
    this.segments = [];
    this.pastes = 0;
  }

  isEmpty() {
    return this.segments.length === 0;
  }

  /** The exact text that will be submitted. */
  value() {
    return this.segments.map((s) => s.text).join('');
  }

  /** What the composer shows: pastes collapsed, split into lines. */
  displayLines() {
    const shown = this.segments.map((s) => (s.kind === 'paste' ? this.label(s.n, s.text) : s.text)).join('');
    return shown.split(/\r\n|\r|\n/);
  }
}
