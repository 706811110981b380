/**
 * The hook's fast path: `architect hook` asks the running auto-confirm daemon over its unix socket
 * (data/run/auto-confirm.sock) and decides in its own process only when no daemon answers. Both
 * paths must give the same decision and record it once.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { architectAsync } from '../support/cli';
import { waitFor } from '../support/waitFor';
import { AutoConfirmHome } from './harness';

const POLICY = { allow: ['Bash(npm test)', 'Read', 'Edit'], deny: [], ask: [] };

let home: AutoConfirmHome | undefined;
let fakes: net.Server[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((s) => new Promise((r) => s.close(r))));
  fakes = [];
  home?.dispose();
  home = undefined;
});

const request = (tool_name: string, tool_input: object, cwd: string) =>
  JSON.stringify({ session_id: 'b1e2', transcript_path: '/tmp/t.jsonl', cwd, permission_mode: 'default', hook_event_name: 'PermissionRequest', tool_name, tool_input, permission_suggestions: [] });

/** A home whose config manages `w1` (no agent needed: the test plays Claude Code's part). */
function setup() {
  home = new AutoConfirmHome(POLICY);
  const h = home;
  h.start([]);
  const cwd = h.cwdOf('w1');
  fs.writeFileSync(path.join(h.home, 'architect.config.json'), JSON.stringify({ sessions: [{ name: 'w1', provider: 'claude', cwd }], autoConfirm: POLICY }));
  const socket = path.join(h.home, 'data', 'run', 'auto-confirm.sock');
  const env = { ...h.env, ARCHITECT_SESSION: 'w1' };
  const cases: [string, object, 'allow' | 'deny' | null][] = [
    ['Bash', { command: 'npm test' }, 'allow'],
    ['Edit', { file_path: `${cwd}/src/a.ts`, old_string: 'a', new_string: 'b' }, 'allow'],
    ['Bash', { command: 'rm -rf ~' }, 'deny'],
    ['Read', { file_path: path.join(h.home, 'data', 'run', 'auto-confirm.sock') }, 'deny'],
    ['Bash', { command: 'make deploy' }, null],
  ];
  /** Run every case through `architect hook`; returns what Claude Code would read, and how long each took. */
  const runCases = async () => {
    const out: { decision: string | null; ms: number; stderr: string }[] = [];
    for (const [tool, input] of cases) {
      const t0 = Date.now();
      const r = await architectAsync(['hook'], env, request(tool, input, cwd));
      expect(r.code).toBe(0);
      const decision = r.stdout ? (JSON.parse(r.stdout) as { hookSpecificOutput: { decision: { behavior: string } } }).hookSpecificOutput.decision.behavior : null;
      out.push({ decision, ms: Date.now() - t0, stderr: r.stderr });
    }
    return out;
  };
  const decided = () =>
    h.db.sqlite
      .prepare("SELECT outcome, json_extract(details, '$.path') AS path FROM interactions WHERE session_name = 'w1' AND via = 'hook' ORDER BY id")
      .all() as { outcome: string; path: string }[];
  const hookEvents = () => (h.db.sqlite.prepare("SELECT count(*) AS n FROM hook_events WHERE session_name = 'w1'").get() as { n: number }).n;
  return { h, env, cwd, socket, cases, runCases, decided, hookEvents };
}

describe('architect hook through the auto-confirm daemon', () => {
  it('answers through the socket while the daemon runs, with the decisions the hook makes alone, each recorded once', async () => {
    const { h, socket, cases, runCases, decided, hookEvents } = setup();
    const expected = cases.map(([, , e]) => e);
    const outcomes = ['approve', 'approve', 'deny', 'deny', 'escalate'];

    // No daemon: the hook decides in its own process.
    expect((await runCases()).map((r) => r.decision)).toEqual(expected);
    expect(decided()).toEqual(outcomes.map((outcome) => ({ outcome, path: 'local' })));

    const d = await h.daemon();
    try {
      await waitFor('hook socket', () => fs.existsSync(socket), { timeoutMs: 5000 });
      expect(fs.statSync(socket).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(socket)).mode & 0o777).toBe(0o700);
      const viaDaemon = await runCases();
      expect(viaDaemon.map((r) => r.decision)).toEqual(expected);
      expect(viaDaemon.map((r) => r.stderr).join('')).toBe('');
      expect(decided().slice(cases.length)).toEqual(outcomes.map((outcome) => ({ outcome, path: 'daemon' })));
      expect(hookEvents()).toBe(2 * cases.length);
      // The escalation went through the same transaction as locally: one alert per escalated request.
      expect(h.db.sqlite.prepare("SELECT count(*) AS n FROM alerts WHERE session_name = 'w1'").get()).toEqual({ n: 2 });

      // The runtime kill switch stops the daemon's approvals at once, as the hook's own.
      expect((await architectAsync(['approvals', 'kill-switch', 'on'], h.env)).code).toBe(0);
      expect((await runCases())[0]!.decision).toBeNull();
      expect(decided().at(-cases.length)).toEqual({ outcome: 'escalate', path: 'daemon' });
      expect((await architectAsync(['approvals', 'kill-switch', 'off'], h.env)).code).toBe(0);
    } finally {
      expect(await d.stop()).toBe(0);
    }
    // A graceful stop removes the socket: the next hook decides itself again.
    expect(fs.existsSync(socket)).toBe(false);
    expect((await runCases()).map((r) => r.decision)).toEqual(expected);
    expect(decided().slice(-cases.length).every((r) => r.path === 'local')).toBe(true);
  });

  it('a daemon killed outright leaves a stale socket: hooks decide themselves at once, and a new daemon takes it over', async () => {
    const { h, socket, cases, runCases, decided, hookEvents } = setup();
    const d = await h.daemon();
    await waitFor('hook socket', () => fs.existsSync(socket), { timeoutMs: 5000 });
    d.proc.kill('SIGKILL');
    await d.stop();
    expect(fs.lstatSync(socket).isSocket()).toBe(true);
    const stale = await runCases();
    expect(stale.map((r) => r.decision)).toEqual(cases.map(([, , e]) => e));
    expect(stale.every((r) => r.stderr === '')).toBe(true); // a dead daemon is no news
    expect(Math.max(...stale.map((r) => r.ms))).toBeLessThan(3000);
    expect(decided().every((r) => r.path === 'local')).toBe(true);

    // The lease of the killed daemon lapses after leaseTtlMs (10 s); the next one then listens.
    const next = await h.daemon();
    try {
      await waitFor('new socket', () => /answering hook requests on the socket/.test(next.log()), { timeoutMs: 20_000 });
      expect((await runCases())[0]!.decision).toBe('allow');
      expect(decided().at(-cases.length)).toEqual({ outcome: 'approve', path: 'daemon' });
      expect(hookEvents()).toBe(2 * cases.length);
    } finally {
      await next.stop();
    }
  });

  it('only the lease holder listens; a standby takes the socket over when the holder stops', async () => {
    const { h, socket, runCases, decided } = setup();
    const first = await h.daemon();
    await waitFor('hook socket', () => fs.existsSync(socket), { timeoutMs: 5000 });
    const second = await h.daemon();
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(second.log()).not.toMatch(/answering hook requests/);
      await first.stop();
      await waitFor('standby listening', () => /answering hook requests on the socket/.test(second.log()), { timeoutMs: 10_000 });
      expect((await runCases())[0]!.decision).toBe('allow');
      expect(decided()[0]).toEqual({ outcome: 'approve', path: 'daemon' });
    } finally {
      await second.stop();
    }
  });

  it.each([
    ['garbage', (c: net.Socket) => c.end('allow\n')],
    ['an allow with changed input', (c: net.Socket) => c.end('{"v":1,"ok":true,"decision":{"behavior":"allow","updatedInput":{"command":"rm -rf ~"}},"warnings":[]}\n')],
    ['a wrong version', (c: net.Socket) => c.end('{"v":2,"ok":true,"decision":{"behavior":"allow"},"warnings":[]}\n')],
    ['no reply at all', (c: net.Socket) => c.on('error', () => undefined)],
  ])('falls back to deciding itself when the socket answers %s', async (_what, respond) => {
    const { socket, runCases, decided, cases } = setup();
    fs.mkdirSync(path.dirname(socket), { recursive: true, mode: 0o700 });
    const fake = net.createServer((c) => c.once('data', () => respond(c)));
    fakes.push(fake);
    await new Promise<void>((r) => fake.listen(socket, r));
    fs.chmodSync(socket, 0o600);
    const results = await runCases();
    expect(results.map((r) => r.decision)).toEqual(cases.map(([, , e]) => e));
    expect(results[0]!.stderr).toMatch(/auto-confirm daemon did not answer/);
    expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(3000);
    expect(decided().map((r) => r.path)).toEqual(cases.map(() => 'local'));
  });
});
