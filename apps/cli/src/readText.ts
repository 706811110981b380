import fs from 'node:fs';

/**
 * The prompt text argument: `-` reads stdin (long or multi-line prompts without shell quoting).
 * From stdin, CRLF line endings become LF and one trailing newline — the one `echo` or a
 * heredoc adds — is dropped; everything else is kept byte for byte.
 */
export function readPromptText(arg: string, stdinFd = 0): string {
  if (arg !== '-') return arg;
  const raw = fs.readFileSync(stdinFd, 'utf8');
  return raw.replace(/\r\n/g, '\n').replace(/\n$/, '');
}
