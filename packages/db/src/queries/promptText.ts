/**
 * What a prompt may contain. The text is stored and typed byte for byte, so anything a terminal
 * would act on rather than show is refused at the door instead of being silently changed later:
 * C0 controls other than newline and tab (ESC starts escape sequences, CR is Enter, ETX is
 * Ctrl-C), DEL, and the C1 range (U+0080–U+009F; U+009B is a one-character CSI). Printable
 * look-alikes — the two characters `\e`, the words `C-c` or `Enter`, `$(…)` — are ordinary text.
 * A trailing backslash is refused too: Claude Code turns backslash + Enter into a line break.
 */
export const PROMPT_MAX_BYTES = 100 * 1024;

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/;

export function promptTextProblem(text: string): string | undefined {
  if (text.trim() === '') return 'prompt text is empty';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > PROMPT_MAX_BYTES) return `prompt text is ${bytes} bytes; the limit is ${PROMPT_MAX_BYTES} bytes (100 KB)`;
  const m = FORBIDDEN.exec(text);
  if (m) {
    const code = m[0].codePointAt(0)!.toString(16).padStart(2, '0');
    return `prompt text contains control character U+${code.toUpperCase().padStart(4, '0')} at offset ${m.index}; only newline and tab are allowed`;
  }
  // Claude Code reads backslash + Enter as "insert a line break", so such a prompt could never be submitted whole.
  if (text.endsWith('\\')) return 'prompt text may not end with a backslash (agents read backslash + Enter as a line break); add a space or a newline after it';
  if (/[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) return 'prompt text is not valid UTF-16 (lone surrogate)';
  return undefined;
}

/**
 * Defence in depth at delivery, for rows written by something that skipped validation: drops
 * ESC sequences first (so no `[31m` residue), then every other forbidden character.
 */
export function stripTerminalControls(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-_]?/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/\r\n/g, '\n')
    .replace(new RegExp(FORBIDDEN.source, 'g'), '');
}
