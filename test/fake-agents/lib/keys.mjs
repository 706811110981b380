// Turns raw terminal input into key events. Bracketed pastes (ESC[200~ … ESC[201~) come
// out as one event with the text untouched, even when tmux splits them across reads.

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

const CSI_NAMES = {
  A: 'Up', B: 'Down', C: 'Right', D: 'Left', H: 'Home', F: 'End', Z: 'BTab',
  '1~': 'Home', '2~': 'Insert', '3~': 'Delete', '4~': 'End', '5~': 'PageUp', '6~': 'PageDown',
};

const CONTROL_NAMES = {
  '\r': 'Enter', '\n': 'C-j', '\t': 'Tab', '\x7f': 'Backspace', '\x08': 'Backspace',
  '\x03': 'C-c', '\x04': 'C-d', '\x15': 'C-u', '\x0c': 'C-l', '\x01': 'C-a', '\x05': 'C-e',
  '\x0b': 'C-k', '\x17': 'C-w', '\x0f': 'C-o', '\x12': 'C-r', '\x14': 'C-t', '\x1a': 'C-z',
};

/**
 * @typedef {{ name: string, text?: string, seq?: string }} Key
 *   name: 'text' (printable run in `text`), 'paste' (`text`), 'Escape', 'Enter', 'Up', …,
 *   'M-x' for Alt+x, 'unknown' (`seq`).
 */

export class KeyDecoder {
  constructor() {
    this.pending = '';
    /** @type {string | null} text of a paste still being received */
    this.paste = null;
  }

  /** @returns {Key[]} */
  feed(chunk) {
    let data = this.pending + chunk;
    this.pending = '';
    /** @type {Key[]} */
    const keys = [];
    let text = '';
    const flushText = () => {
      if (text) keys.push({ name: 'text', text });
      text = '';
    };
    let i = 0;
    while (i < data.length) {
      if (this.paste !== null) {
        const end = data.indexOf(PASTE_END, i);
        if (end < 0) {
          // keep a possible partial end marker for the next read
          const keepFrom = Math.max(i, data.length - (PASTE_END.length - 1));
          const tail = data.slice(keepFrom);
          const partial = PASTE_END.startsWith(tail) ? tail : '';
          this.paste += data.slice(i, data.length - partial.length);
          this.pending = partial;
          return keys;
        }
        this.paste += data.slice(i, end);
        keys.push({ name: 'paste', text: this.paste });
        this.paste = null;
        i = end + PASTE_END.length;
        continue;
      }
      const ch = data[i];
      if (ch === '\x1b') {
        flushText();
        const rest = data.slice(i);
        if (rest.startsWith(PASTE_START)) {
          this.paste = '';
          i += PASTE_START.length;
          continue;
        }
        if (rest.length === 1) {
          keys.push({ name: 'Escape' });
          i += 1;
          continue;
        }
        const next = rest[1];
        if (next === '[' || next === 'O') {
          const m = /^\x1b[[O]([0-9;]*)([A-Za-z~])/.exec(rest);
          if (!m) {
            if (/^\x1b[[O][0-9;]*$/.test(rest)) {
              // sequence cut by the read; finish it with the next chunk
              this.pending = rest;
              return keys;
            }
            keys.push({ name: 'Escape' });
            i += 1;
            continue;
          }
          const [seq, params, final] = m;
          const mods = params.includes(';') ? params.split(';')[1] : '';
          const base = final === '~' ? `${params.split(';')[0]}~` : final;
          let name = next === 'O' && final === 'M' ? 'Enter' : CSI_NAMES[base] ?? 'unknown';
          if (name !== 'unknown' && mods) name = `${modPrefix(mods)}${name}`;
          keys.push(name === 'unknown' ? { name, seq } : { name });
          i += seq.length;
          continue;
        }
        if (next === '\x1b') {
          keys.push({ name: 'Escape' });
          i += 1;
          continue;
        }
        keys.push({ name: next === '\r' ? 'M-Enter' : `M-${next}` });
        i += 2;
        continue;
      }
      const control = CONTROL_NAMES[ch];
      if (control) {
        flushText();
        keys.push({ name: control });
        i += 1;
        continue;
      }
      const code = ch.charCodeAt(0);
      if (code < 0x20) {
        flushText();
        keys.push({ name: `C-${String.fromCharCode(code + 0x60)}` });
        i += 1;
        continue;
      }
      text += ch;
      i += 1;
    }
    flushText();
    return keys;
  }
}

function modPrefix(mods) {
  const n = Number(mods) - 1;
  let prefix = '';
  if (n & 4) prefix += 'C-';
  if (n & 2) prefix += 'M-';
  if (n & 1) prefix += 'S-';
  return prefix;
}

/** How a key is written in the record file. */
export function describeKey(key) {
  if (key.name === 'text' || key.name === 'paste') return { key: key.name, text: key.text };
  if (key.name === 'unknown') return { key: 'unknown', seq: key.seq };
  return { key: key.name };
}
