// The one dialog an agent can have open at a time: shows it, routes keys to it while it is
// open, records what was shown and answered, and resolves with the chosen option.
import { Dialog } from './dialog.mjs';

export class DialogHost {
  /**
   * @param {{ record: Function, recordKey: Function, render: () => void, ignoreMs: number,
   *   letters: Record<string, number> }} opts
   */
  constructor(opts) {
    this.opts = opts;
    /** @type {{ content: object, dialog: Dialog, resolve: Function } | null} */
    this.current = null;
  }

  get isOpen() {
    return this.current !== null;
  }

  /** What the layout draws: the content and the cursor. */
  view() {
    return this.current && { content: this.current.content, selected: this.current.dialog.selected };
  }

  /** @returns {Promise<{ index: number, option: object, ruleKey: string }>} */
  present(content, recorded) {
    const dialog = new Dialog({
      options: content.options,
      ignoreMs: this.opts.ignoreMs,
      letters: content.letters ?? this.opts.letters,
    });
    return new Promise((resolve) => {
      this.current = { content, dialog, resolve };
      this.opts.render();
      this.opts.record('permission-shown', { ...recorded, options: content.options.map((o) => o.label) });
    });
  }

  onKey(key) {
    const { content, dialog, resolve } = this.current;
    const res = dialog.handleKey(key);
    if (res.type === 'ignored') return this.opts.recordKey(key, 'dialog-ignored');
    if (res.type === 'unhandled') return this.opts.recordKey(key, 'dialog');
    if (res.type === 'moved') return this.opts.render();
    this.current = null;
    this.opts.record('permission-answer', {
      choice: res.index + 1,
      label: res.option.label,
      outcome: res.option.outcome,
      key: key.name === 'text' ? key.text : key.name,
    });
    this.opts.render();
    resolve({ ...res, ruleKey: content.ruleKey });
  }
}
