/** Split into pieces of at most `maxBytes` UTF-8 bytes without cutting a code point. */
export function chunkUtf8(text: string, maxBytes: number): string[] {
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const chunks: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes && current) {
      chunks.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += n;
  }
  if (current) chunks.push(current);
  return chunks;
}

/**
 * tmux runs a one-element command through `sh -c`, so a lone path with spaces or quotes would be
 * split by the shell. Such an element is wrapped as `exec '<path>'` to keep argv semantics.
 */
export function singleArgvSafe(command: string[]): string[] {
  if (command.length !== 1 || /^[A-Za-z0-9_@%+=:,./-]+$/.test(command[0]!)) return command;
  return [`exec '${command[0]!.replaceAll("'", `'\\''`)}'`];
}

