import path from 'node:path';
import { ValidationError } from '@architect/core';
import { commandSites, programIndex, type CommandSite } from '@architect/policy';
import { shellQuote } from '../paths';

/**
 * Architect's own flags for an agent (Claude's `--settings <file>`) must reach the agent process
 * itself, wherever the configured command starts it: `cd sub && claude`, `claude; exec bash`,
 * `env X=1 claude`, `FOO=1 exec claude`. The command is parsed with the policy's bash grammar and
 * the flags go right after the agent program's word; when that is not unambiguous the session is
 * refused — flags meant for Claude are never passed to another program.
 *
 * The agent program is the command whose program — after the wrappers the policy strips (`env`,
 * `exec`, `nice`, `nohup`, `command`, `timeout`, …) — has `agentProgram` as its basename, or, for
 * `node <script>` (and bun/deno/tsx), whose script does; a file extension is ignored, so
 * `node test/fake-agents/claude.mjs` is a `claude` too.
 */
export class AgentCommandError extends ValidationError {
  constructor(session: string, agentProgram: string, command: string, why: string) {
    super(
      `session "${session}": cannot add Architect's flags to the agent in its command ${JSON.stringify(command)}: ${why}. ` +
        `Write the command so that \`${agentProgram}\` is started exactly once as a plain command of the line ` +
        `(e.g. "cd app && ${agentProgram} --model opus; exec bash", "env X=1 ${agentProgram}"), not inside $(…), bash -c '…' or a function; ` +
        `or set "agentProgram" to the name of the program that is the agent.`,
      { session, agentProgram, command, why },
    );
  }
}

const INTERPRETERS = new Set(['node', 'nodejs', 'bun', 'deno', 'tsx']);

function isAgent(word: string | null | undefined, agentProgram: string): boolean {
  if (!word) return false;
  const base = path.posix.basename(word);
  return base === agentProgram || base.replace(/\.[^.]+$/, '') === agentProgram;
}

/** The word after which the flags go, or null when this command does not start the agent. */
export function agentWord(words: readonly (string | null)[], program: number | null, agentProgram: string): number | null {
  if (program === null) return null;
  if (isAgent(words[program], agentProgram)) return program;
  if (!INTERPRETERS.has(path.posix.basename(words[program] ?? ''))) return null;
  // `node [--options] <script>`: the flags are the script's, after it.
  for (let i = program + 1; i < words.length; i++) {
    const w = words[i];
    if (w === null || w === undefined) return null;
    if (w.startsWith('-')) continue;
    return isAgent(w, agentProgram) ? i : null;
  }
  return null;
}

/** Where the agent is in a command: its simple command's words, the program word and the agent's word. */
export interface AgentLocation {
  words: readonly (string | null)[];
  program: number;
  at: number;
}

export function locateInArgv(session: string, argv: readonly string[], agentProgram: string): AgentLocation {
  const program = programIndex(argv);
  const at = agentWord(argv, program, agentProgram);
  if (at === null || program === null) throw new AgentCommandError(session, agentProgram, argv.join(' '), notFound(argv.join(' '), agentProgram));
  return { words: argv, program, at };
}

/** A shell line: also where the agent's word ends in the text. */
export function locateInShell(session: string, line: string, agentProgram: string): AgentLocation & { end: number } {
  const parsed = commandSites(line);
  if (!parsed.ok) throw new AgentCommandError(session, agentProgram, line, `it does not parse as a shell command (${parsed.reason})`);
  const found: { site: CommandSite; at: number }[] = [];
  for (const site of parsed.sites) {
    const at = agentWord(site.words, site.program, agentProgram);
    if (at !== null) found.push({ site, at });
  }
  if (found.length > 1) throw new AgentCommandError(session, agentProgram, line, `\`${agentProgram}\` is started ${found.length} times`);
  const hit = found[0];
  if (!hit || hit.site.program === null) throw new AgentCommandError(session, agentProgram, line, notFound(line, agentProgram));
  if (hit.site.nested) throw new AgentCommandError(session, agentProgram, line, `\`${agentProgram}\` is started ${hit.site.nested}`);
  return { words: hit.site.words, program: hit.site.program, at: hit.at, end: hit.site.ends[hit.at] as number };
}

/** An argv array: the flags go after the agent's word. */
export function insertIntoArgv(session: string, argv: readonly string[], agentProgram: string, flags: readonly string[]): string[] {
  const { at } = locateInArgv(session, argv, agentProgram);
  return [...argv.slice(0, at + 1), ...flags, ...argv.slice(at + 1)];
}

/** A shell line: the flags, quoted, go after the agent's word in the text itself. */
export function insertIntoShell(session: string, line: string, agentProgram: string, flags: readonly string[]): string {
  const { end } = locateInShell(session, line, agentProgram);
  return `${line.slice(0, end)} ${flags.map(shellQuote).join(' ')}${line.slice(end)}`;
}

/** The words that start the agent itself (`node x/claude.mjs`, `/usr/bin/claude`), without wrappers or its own arguments. */
export function agentInvocation(loc: AgentLocation): string[] | undefined {
  const words = loc.words.slice(loc.program, loc.at + 1);
  return words.every((w): w is string => typeof w === 'string') ? words : undefined;
}

function notFound(text: string, agentProgram: string): string {
  return text.includes(agentProgram)
    ? `\`${agentProgram}\` appears only inside a quoted string or a word only the shell can expand (bash -c '…', a variable)`
    : `no \`${agentProgram}\` program in it`;
}
