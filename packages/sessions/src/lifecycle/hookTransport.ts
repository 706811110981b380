import { execFile } from 'node:child_process';
import type { HooksConfig, SessionConfig } from '@architect/core';
import { hookEndpointPath, readHookEndpoint, ensureHookEndpoint, receiverAnswers, type HookEndpoint } from '../hooks/httpEndpoint';
import { agentVersionArgv } from './agentCommand';

export type HookTransport = 'http' | 'command';

export interface TransportChoice {
  transport: HookTransport;
  /** Why: shown by `sessions up --json` and logged. */
  reason: string;
  claudeVersion?: string;
}

export interface TransportDeps {
  home: string;
  hooks: HooksConfig;
  /** The environment the agents inherit (the composition root's process.env), for `--version`. */
  baseEnv: Record<string, string | undefined>;
}

/** `2.1.63 (Claude Code)` → [2, 1, 63]. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function versionAtLeast(v: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== (min[i] ?? 0)) return (v[i] ?? 0) > (min[i] ?? 0);
  return true;
}

function runVersion(argv: string[], cwd: string, env: Record<string, string | undefined>): Promise<string> {
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { cwd, env, timeout: 10_000, encoding: 'utf8' }, (err, stdout) => resolve(err ? '' : stdout));
  });
}

/**
 * Picks each Claude session's hook transport once per `sessions up` (docs/sessions.md):
 * `command` and `http` are forced by config; `auto` takes http only when the receiver answers on
 * its port now AND the agent's `--version` is at least `httpMinClaudeVersion` — otherwise command
 * hooks, which work with no daemon at all. Versions are asked once per distinct command.
 */
export class HookTransportChooser {
  private endpoint: Promise<HookEndpoint | undefined> | undefined;
  private receiverUp: Promise<boolean> | undefined;
  private readonly versions = new Map<string, Promise<string>>();

  constructor(private readonly deps: TransportDeps) {}

  /** The endpoint http sessions are given (created when http is forced and none exists yet). */
  getEndpoint(): Promise<HookEndpoint | undefined> {
    const file = hookEndpointPath(this.deps.home);
    this.endpoint ??=
      this.deps.hooks.transport === 'http'
        ? ensureHookEndpoint(file, this.deps.hooks.httpPort)
        : Promise.resolve(readHookEndpoint(file)).then((e) => (e && this.deps.hooks.httpPort && e.port !== this.deps.hooks.httpPort ? undefined : e));
    return this.endpoint;
  }

  async choose(s: SessionConfig): Promise<TransportChoice> {
    const { transport, httpMinClaudeVersion } = this.deps.hooks;
    if (transport === 'command') return { transport: 'command', reason: 'hooks.transport is "command"' };
    if (transport === 'http') return { transport: 'http', reason: 'hooks.transport is "http"' };
    const endpoint = await this.getEndpoint();
    if (!endpoint) return { transport: 'command', reason: 'no hook receiver has run yet (auto-confirm)' };
    this.receiverUp ??= receiverAnswers(endpoint.port);
    if (!(await this.receiverUp)) return { transport: 'command', reason: `the hook receiver does not answer on 127.0.0.1:${endpoint.port}` };
    const argv = agentVersionArgv(s);
    if (!argv) return { transport: 'command', reason: 'the agent program is not a plain word: its version is unknown' };
    const env = { ...this.deps.baseEnv, ...s.env };
    const key = JSON.stringify([argv, s.cwd, s.env]);
    let pending = this.versions.get(key);
    if (!pending) this.versions.set(key, (pending = runVersion(argv, s.cwd, env)));
    const out = await pending;
    const version = parseVersion(out);
    if (!version) return { transport: 'command', reason: `\`${argv.join(' ')}\` printed no version` };
    const claudeVersion = version.join('.');
    return versionAtLeast(version, parseVersion(httpMinClaudeVersion)!)
      ? { transport: 'http', reason: `Claude ${claudeVersion} has http hooks`, claudeVersion }
      : { transport: 'command', reason: `Claude ${claudeVersion} is older than ${httpMinClaudeVersion} (no http hooks)`, claudeVersion };
  }
}
