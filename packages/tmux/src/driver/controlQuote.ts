/**
 * Arguments for a tmux control-mode command line. Control mode reads commands with tmux's own
 * parser (a line per command, like a configuration file), not as an argv, so each argument is
 * written as a double-quoted string in which nothing keeps a special meaning:
 * - `\` `"` `$` (environment expansion) `~` (home expansion) are escaped with `\`;
 * - newline, CR, tab and ESC become `\n` `\r` `\t` `\e`; every other control character becomes a
 *   three-digit octal escape (`\001`), so a line never ends inside an argument;
 * - everything else, `;` `#` `{` `}` and non-ASCII text included, is literal inside the quotes.
 * NUL cannot be written at all; the driver refuses it before any argument gets here.
 */
export function quoteControlArg(arg: string): string {
  let out = '"';
  for (const ch of arg) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '"' || ch === '$' || ch === '~') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\x1b') out += '\\e';
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** One control-mode line for one command: the command name bare, every argument quoted. */
export function controlCommandLine(args: readonly string[]): string {
  const [name, ...rest] = args;
  if (!name || !/^[a-z-]+$/.test(name)) throw new Error(`not a tmux command name: ${JSON.stringify(name)}`);
  return [name, ...rest.map(quoteControlArg)].join(' ');
}

/** Split an argv holding a `;`-separated command sequence into its commands. */
export function splitCommandSequence(args: readonly string[]): string[][] {
  const commands: string[][] = [[]];
  for (const a of args) {
    if (a === ';') commands.push([]);
    else commands.at(-1)!.push(a);
  }
  return commands.filter((c) => c.length > 0);
}
