import { ValidationError, type SessionConfig } from '@architect/core';
import { agentInvocation, insertIntoArgv, insertIntoShell, locateInArgv, locateInShell } from './agentFlags';

/** How each provider's agent starts when the config names no command. */
export const PROVIDER_COMMANDS: Record<SessionConfig['provider'], string[] | undefined> = {
  claude: ['claude'],
  codex: ['codex'],
  aider: ['aider'],
  gemini: ['gemini'],
  // tmux starts the user's default shell when no command is given.
  shell: undefined,
};

export type SplitCommand = { argv: string[] } | { shell: string };

const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')', '$', '`', '*', '?', '~', '{', '}', '\n']);

const SHELL_BUILTINS = new Set(['exec', 'cd', 'command', 'builtin', 'eval', '.', 'source', 'export']);

/**
 * Split a command string into argv the way a shell would for plain words: whitespace separates,
 * single quotes are literal, double quotes and backslashes escape. A string that uses real
 * shell syntax outside quotes (pipes, `;`, `&&`, `$VAR`, globs, redirections) cannot be turned
 * into argv faithfully, so it is returned as `shell` for `/bin/sh -c`.
 */
export function splitCommand(command: string): SplitCommand {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < command.length) {
    const ch = command[i]!;
    if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new ValidationError(`unterminated ' in command: ${command}`);
      word += command.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= command.length) throw new ValidationError(`unterminated " in command: ${command}`);
        const c = command[i]!;
        if (c === '"') break;
        if (c === '$' || c === '`') return { shell: command };
        if (c === '\\' && i + 1 < command.length && '"\\$`'.includes(command[i + 1]!)) {
          word += command[i + 1];
          i += 2;
        } else {
          word += c;
          i++;
        }
      }
      i++;
    } else if (ch === '\\') {
      if (i + 1 < command.length) word += command[i + 1];
      inWord = true;
      i += 2;
    } else if (ch === ' ' || ch === '\t') {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (OPERATORS.has(ch) || (ch === '#' && !inWord) || (ch === '=' && !inWord && argv.length === 0)) {
      return { shell: command };
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) argv.push(word);
  if (argv.length === 0) throw new ValidationError('empty command');
  // `FOO=bar cmd` is an environment assignment only a shell understands; `exec claude`, `cd x`
  // are shell built-ins (no such program for tmux to start).
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0]!) || SHELL_BUILTINS.has(argv[0]!)) return { shell: command };
  return { argv };
}

/**
 * The argv tmux starts for a session: the configured command (argv array, or a string split as
 * above) or the provider's default, with Architect's `flags` (Claude's `--settings <file>`)
 * inserted right after the agent program (see agentFlags.ts; throws AgentCommandError when that
 * is ambiguous). A shell line needs the bash parser: `await initPolicy()` first.
 * Returns undefined for a shell session without a command (tmux's default shell).
 */
export function agentArgv(
  session: Pick<SessionConfig, 'provider' | 'command'> & Partial<Pick<SessionConfig, 'name' | 'agentProgram'>>,
  flags: readonly string[] = [],
): string[] | undefined {
  const name = session.name ?? '?';
  const program = agentProgramOf(session);
  const cmd = session.command;
  if (Array.isArray(cmd)) return flags.length ? insertIntoArgv(name, cmd, program, flags) : [...cmd];
  if (typeof cmd === 'string') {
    const split = splitCommand(cmd);
    if ('argv' in split) return flags.length ? insertIntoArgv(name, split.argv, program, flags) : split.argv;
    return ['/bin/sh', '-c', flags.length ? insertIntoShell(name, split.shell, program, flags) : split.shell];
  }
  const base = PROVIDER_COMMANDS[session.provider];
  return base ? [...base, ...flags] : undefined;
}

/** Whether building this session's command needs the bash parser loaded. */
export function needsShellParser(session: Pick<SessionConfig, 'command'>): boolean {
  return typeof session.command === 'string' && 'shell' in splitCommand(session.command);
}

type AgentSession = Pick<SessionConfig, 'provider' | 'command'> & Partial<Pick<SessionConfig, 'name' | 'agentProgram'>>;

function agentProgramOf(session: AgentSession): string {
  return session.agentProgram ?? PROVIDER_COMMANDS[session.provider]?.[0] ?? session.provider;
}

/**
 * The argv that asks this session's agent for its version (`claude --version`, `node x/claude.mjs
 * --version`): the agent's own words from the command, without wrappers or the rest of the line.
 * Throws AgentCommandError like agentArgv; undefined when a word is only known at run time.
 */
export function agentVersionArgv(session: AgentSession): string[] | undefined {
  const name = session.name ?? '?';
  const program = agentProgramOf(session);
  const cmd = session.command;
  let words: string[] | undefined;
  if (cmd === undefined) words = PROVIDER_COMMANDS[session.provider];
  else if (Array.isArray(cmd)) words = agentInvocation(locateInArgv(name, cmd, program));
  else {
    const split = splitCommand(cmd);
    words = agentInvocation('argv' in split ? locateInArgv(name, split.argv, program) : locateInShell(name, split.shell, program));
  }
  return words ? [...words, '--version'] : undefined;
}
