/**
 * Which process is a session's agent. Process truth (procTree.ts) needs to recognise the agent
 * in an argv read from /proc:
 *
 * - by provider: the agent's own program (`claude`, `codex`, `aider`, `gemini`; Claude Code
 *   also renames its process to `claude`), or an interpreter (`node`, `python3`, `bun` …)
 *   running a script whose path names the provider (`node …/@anthropic-ai/claude-code/cli.js`,
 *   `python3 /usr/local/bin/aider`, `python -m aider`);
 * - by the configured `command`: its program, or — when that program is an interpreter — the
 *   interpreter together with the script's file name (`node test/fake-agents/claude.mjs` is
 *   recognised as `node` running `claude.mjs`). Wrappers are looked through: `env`, `VAR=value`
 *   assignments, `exec`, `nohup`, and `sh -c '<first command>; …'` (the first command of the
 *   script is the agent: `node agent.mjs; exec bash` falls back to a shell when the agent exits,
 *   and that shell must not count).
 *
 * Anything else in the foreground — a shell, an editor, `less` — is not the agent.
 * A `shell` session has no agent: it is never `exited`.
 */
import path from 'node:path';
import type { SessionConfig } from '@architect/core';
import { splitCommand } from '../lifecycle/agentCommand';

export interface AgentIdentity {
  /** For logs and docs: "claude, or node running claude.mjs". */
  describe: string;
  /** `comm`: the kernel's process name, which a program can set for itself (prctl) without touching argv. */
  matches(argv: string[], comm?: string): boolean;
}

const INTERPRETER = /^(node|nodejs|bun|deno|python[0-9.]*|pypy[0-9.]*|ruby|perl|uv|uvx|pipx|npx|pnpx)$/;
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'fish', 'ksh', 'mksh', 'tcsh', 'csh', 'ash', 'busybox']);
const WRAPPERS = new Set(['env', 'exec', 'nohup', 'command', 'setsid']);

interface Program {
  name: string;
  /** The script an interpreter runs (file name), or the module of `python -m`. */
  script?: string;
}

/** A program's name as argv[0] gives it (`/usr/bin/node` → node; a login shell's `-bash` → bash). */
function base(p: string): string {
  return path.basename(p).replace(/^-/, '');
}

/** The program an argv runs, looking through wrappers and `sh -c`. */
export function programOf(argv: string[], depth = 0): Program | undefined {
  let i = 0;
  while (i < argv.length) {
    const w = argv[i]!;
    const b = base(w);
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || WRAPPERS.has(b) || (i > 0 && base(argv[i - 1]!) === 'env' && w.startsWith('-'))) {
      i++;
      continue;
    }
    if (SHELLS.has(b) && depth < 3) {
      const c = argv.indexOf('-c', i + 1);
      if (c > 0 && argv[c + 1] !== undefined) return programOf(firstCommand(argv[c + 1]!), depth + 1);
      return { name: b };
    }
    if (INTERPRETER.test(b)) {
      const rest = argv.slice(i + 1);
      const m = rest.indexOf('-m');
      if (m >= 0 && rest[m + 1]) return { name: b, script: rest[m + 1] };
      const script = rest.find((a) => !a.startsWith('-'));
      return { name: b, script: script ? path.basename(script) : undefined };
    }
    return { name: b };
  }
  return undefined;
}

/** The first simple command of a shell script, as argv (plain words only). */
function firstCommand(script: string): string[] {
  const first = script.split(/;|&&|\|\||\||\n/)[0]!.trim();
  try {
    const split = splitCommand(first);
    if ('argv' in split) return split.argv;
  } catch {
    // fall through to plain words
  }
  return first.split(/\s+/).filter(Boolean);
}

type IdentitySession = Pick<SessionConfig, 'provider' | 'command'> & Partial<Pick<SessionConfig, 'agentProgram'>>;

export function agentIdentity(session: IdentitySession): AgentIdentity | undefined {
  if (session.provider === 'shell') return undefined;
  const provider = session.provider;
  let configured: Program | undefined;
  if (Array.isArray(session.command)) configured = programOf(session.command);
  else if (typeof session.command === 'string') {
    const split = splitCommand(session.command);
    configured = programOf('argv' in split ? split.argv : ['/bin/sh', '-c', split.shell]);
  }
  const names = new Set<string>([provider]);
  // The session's explicit `agentProgram` (the same word sessionsUp puts Architect's flags after).
  const declared = session.agentProgram;
  if (declared && !SHELLS.has(declared)) names.add(declared);
  if (configured && !INTERPRETER.test(configured.name) && !SHELLS.has(configured.name)) names.add(configured.name);
  const script = configured && INTERPRETER.test(configured.name) ? configured.script : undefined;
  const describe = [...names].join(' or ') + (script ? `, or ${configured!.name} running ${script}` : '') + `, or an interpreter running a ${provider} script`;
  return {
    describe,
    matches(argv: string[], comm?: string): boolean {
      if (comm !== undefined && names.has(comm)) return true;
      if (argv.length === 0) return false;
      const prog = base(argv[0]!);
      if (names.has(prog)) return true;
      if (!INTERPRETER.test(prog)) return false;
      // The script is the first argument that is not a flag (`-m aider`: the module).
      const entry = argv.slice(1).find((a) => !a.startsWith('-'));
      if (!entry) return false;
      if (script && path.basename(entry) === script) return true;
      if (declared && path.basename(entry).replace(/\.[^.]+$/, '') === declared) return true;
      // The provider's own package or entry point (`…/claude-code/cli.js`, `aider`, `…/bin/gemini`).
      return entry.toLowerCase().includes(provider);
    },
  };
}

/** One identity per configured session (shell sessions have none). */
export function agentIdentities(sessions: (IdentitySession & Pick<SessionConfig, 'name'>)[]): Map<string, AgentIdentity> {
  const out = new Map<string, AgentIdentity>();
  for (const s of sessions) {
    const id = agentIdentity(s);
    if (id) out.set(s.name, id);
  }
  return out;
}
