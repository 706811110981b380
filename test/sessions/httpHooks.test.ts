/**
 * Issue 10.1: Claude's `type: "http"` hooks, end to end — `sessions up` in real tmux with the fake
 * Claude posing as a version with http hooks, the real auto-confirm daemon (from its bundle) as
 * the receiver. Events are recorded and a PermissionRequest decided without a process start; a
 * request without the session's secret is refused; a receiver that is down never stops the agent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli';
import { waitFor } from '../support/waitFor';
import { getPrompt } from '@architect/db';
import { AssignerRig } from '../assigner/assignerRig';
import { readJsonLines, SessionRig } from './sessionRig';

const DAEMON = path.join(REPO_ROOT, 'apps/auto-confirm/dist/main.js');

let rig: SessionRig | undefined;
let daemon: ChildProcess | undefined;
afterEach(async () => {
  if (daemon && daemon.exitCode === null) {
    daemon.kill('SIGKILL');
    await new Promise((r) => daemon!.once('exit', r));
  }
  daemon = undefined;
  await rig?.dispose();
  rig = undefined;
});

function query<T>(dbPath: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function startDaemon(env: Record<string, string>): Promise<{ log: () => string; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, [DAEMON], { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  daemon = proc;
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  await waitFor('the receiver listening', () => /receiving http hooks/.test(out) || proc.exitCode !== null, { timeoutMs: 20_000 });
  if (proc.exitCode !== null) throw new Error(`auto-confirm exited ${proc.exitCode}: ${out}`);
  return {
    log: () => out,
    stop: async () => {
      proc.kill('SIGINT');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

describe('http hooks (issue 10.1)', () => {
  it('records events and decides a PermissionRequest over http; refuses a request without the secret; the agent goes on when the receiver is down', async () => {
    const arig = new AssignerRig('http');
    rig = arig;
    const script = {
      default: { workMs: 50, reply: 'done: {prompt}' },
      rules: [{ exact: 'safe', steps: [{ permission: { tool: 'Bash', command: 'npm test', description: 'Run the tests' }, onReject: 'deny' }], reply: 'did safe', deniedReply: 'not doing safe' }],
    };
    rig.writeConfig(
      [
        { name: 'h1', provider: 'claude', command: rig.fake('claude', 'h1', script, ['--dialog-ignore-ms', '0']), env: { FAKE_CLAUDE_VERSION: '2.1.70' } },
        { name: 'old1', provider: 'claude', command: rig.fake('claude', 'old1'), env: { FAKE_CLAUDE_VERSION: '2.1.62' } },
      ],
      { autoConfirm: { allow: ['Bash(npm test)'], deny: [], ask: [] } },
    );
    const ac = await startDaemon(rig.env);
    const endpoint = JSON.parse(fs.readFileSync(path.join(rig.home, 'data', 'run', 'hook-http.json'), 'utf8')) as { port: number };

    const up = rig.up();
    expect(up.map((r) => [r.name, r.action, (r as { hookTransport?: string }).hookTransport])).toEqual([
      ['h1', 'started', 'http'],
      ['old1', 'started', 'command'],
    ]);

    // The settings name the variable; the secret itself is only in the tmux session's environment.
    const settingsText = fs.readFileSync(path.join(rig.home, 'data', 'hooks', 'h1.settings.json'), 'utf8');
    const token = rig.tmux.run('show-environment', '-t', '=h1', 'ARCHITECT_HOOK_TOKEN').trim().split('=')[1]!;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(settingsText).not.toContain(token);
    const stopHook = JSON.parse(settingsText).hooks.Stop[0].hooks[0];
    expect(stopHook).toMatchObject({ type: 'http', url: `http://127.0.0.1:${endpoint.port}/hook/h1`, headers: { Authorization: 'Bearer $ARCHITECT_HOOK_TOKEN' }, allowedEnvVars: ['ARCHITECT_HOOK_TOKEN'] });

    const events = (name: string) => query<{ event: string }>(rig!.dbPath, 'SELECT event FROM hook_events WHERE session_name = ? ORDER BY id', name).map((r) => r.event);
    await waitFor('SessionStart over http', () => events('h1').includes('SessionStart'), { timeoutMs: 15_000 });
    await waitFor('old1 SessionStart through architect hook', () => events('old1').includes('SessionStart'), { timeoutMs: 15_000 });

    // A prompt: UserPromptSubmit and Stop recorded, the turn completes.
    const send = (text: string) => {
      rig!.tmux.run('send-keys', '-t', '=h1:', '-l', '--', text);
      rig!.tmux.run('send-keys', '-t', '=h1:', 'Enter');
    };
    const turnEnds = () => readJsonLines(rig!.record('h1')).filter((e) => e.event === 'turn-end');
    send('hello');
    await waitFor('turn 1 ends', () => turnEnds().length >= 1, { timeoutMs: 15_000 });
    await waitFor('Stop recorded', () => events('h1').includes('Stop'), { timeoutMs: 10_000 });
    expect(events('h1')).toEqual(expect.arrayContaining(['SessionStart', 'UserPromptSubmit', 'Stop']));
    const stop = query<{ payload: string }>(rig.dbPath, "SELECT payload FROM hook_events WHERE session_name = 'h1' AND event = 'Stop'")[0]!;
    expect(JSON.parse(stop.payload).last_assistant_message).toBe('done: hello');
    const httpHooks = readJsonLines(rig.record('h1')).filter((e) => e.event === 'hook');
    expect(httpHooks.every((e) => e.url === `http://127.0.0.1:${endpoint.port}/hook/h1` && e.status === 200)).toBe(true);

    // A PermissionRequest decided over http: allowed by policy, no dialog, recorded once.
    send('safe');
    await waitFor('turn 2 ends', () => turnEnds().length >= 2, { timeoutMs: 15_000 });
    expect(turnEnds()[1]).toMatchObject({ reply: 'did safe' });
    const decided = query<{ outcome: string; path: string; via: string }>(
      rig.dbPath,
      "SELECT outcome, via, json_extract(details, '$.path') AS path FROM interactions WHERE session_name = 'h1'",
    );
    expect(decided).toEqual([{ outcome: 'approve', via: 'hook', path: 'http' }]);

    // A queued prompt, delivered by the assigner: its turn's end arrives as the http Stop hook.
    const assigner = arig.start();
    try {
      await assigner.ready();
      const id = arig.enqueue({ content: 'queued work', targetSession: 'h1' });
      await waitFor('the queued prompt completed', () => getPrompt(arig.db, id)?.status === 'completed', { timeoutMs: 20_000 });
      expect(getPrompt(arig.db, id)).toMatchObject({ status: 'completed', response: 'done: queued work' });
    } finally {
      await assigner.kill('SIGINT');
    }

    // Without the session's secret, with a wrong one, or with another session's: 401, nothing recorded.
    const before = events('h1').length;
    const body = JSON.stringify({ hook_event_name: 'Stop', session_id: 'x', cwd: rig.work, last_assistant_message: 'forged' });
    expect(await post(stopHook.url, body, {})).toBe(401);
    expect(await post(stopHook.url, body, { authorization: `Bearer ${'0'.repeat(64)}` })).toBe(401);
    expect(await post(`http://127.0.0.1:${endpoint.port}/hook/old1`, body, { authorization: `Bearer ${token}` })).toBe(401);
    expect(await post(stopHook.url, body, { authorization: `Bearer ${token}` })).toBe(200); // the right one is accepted
    // Answered before it is recorded: the record follows within moments — and only that one.
    await waitFor('the accepted event recorded', () => events('h1').length >= before + 1, { timeoutMs: 5000 });
    expect(events('h1').length).toBe(before + 1);
    expect(query<{ m: string }>(rig.dbPath, "SELECT json_extract(payload, '$.last_assistant_message') AS m FROM hook_events WHERE session_name = 'h1' ORDER BY id DESC LIMIT 1")[0]!.m).toBe('forged');

    // The receiver goes down: the agent still takes prompts and finishes turns (connection refused = go on).
    await ac.stop();
    const recorded = events('h1').length;
    const t0 = Date.now();
    send('after');
    await waitFor('turn 4 ends with the receiver down', () => turnEnds().length >= 4, { timeoutMs: 15_000 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(events('h1').length).toBe(recorded);
    const failed = readJsonLines(rig.record('h1')).filter((e) => e.event === 'hook' && e.hook === 'Stop').at(-1);
    expect(failed).toMatchObject({ exitCode: 1, timedOut: false, status: null });
  });

  it("a receiver that accepts but never answers: Claude's timeout ends the hook, the PermissionRequest gets no decision and the dialog shows", async () => {
    rig = new SessionRig('hang');
    const hung = net.createServer(() => undefined); // accepts, reads nothing, answers nothing
    const sockets: net.Socket[] = [];
    hung.on('connection', (c) => sockets.push(c));
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    const { port } = hung.address() as net.AddressInfo;
    try {
      const script = { default: { workMs: 50, reply: 'ok' }, rules: [{ exact: 'safe', steps: [{ permission: { tool: 'Bash', command: 'npm test', description: 'Run the tests' }, onReject: 'deny' }], reply: 'did safe' }] };
      rig.writeConfig([{ name: 'h2', provider: 'claude', command: rig.fake('claude', 'h2', script, ['--dialog-ignore-ms', '0']) }], {
        hooks: { transport: 'http', httpPort: port, httpEventTimeoutSeconds: 1 },
        sessionOptions: { hookTimeoutSeconds: 1 },
      });
      expect(rig.up().map((r) => (r as { hookTransport?: string }).hookTransport)).toEqual(['http']);
      await waitFor('h2 ready', () => /^❯/m.test(rig!.tmux.run('capture-pane', '-p', '-t', '=h2:')), { timeoutMs: 15_000 });
      const t0 = Date.now();
      rig.tmux.run('send-keys', '-t', '=h2:', '-l', '--', 'safe');
      rig.tmux.run('send-keys', '-t', '=h2:', 'Enter');
      await waitFor('the permission dialog', () => /Esc to cancel/.test(rig!.tmux.run('capture-pane', '-p', '-t', '=h2:')), { timeoutMs: 15_000 });
      // UserPromptSubmit (1 s) and PermissionRequest (1 s) each waited out their timeout, no longer.
      expect(Date.now() - t0).toBeLessThan(6000);
      const hooks = readJsonLines(rig.record('h2')).filter((e) => e.event === 'hook');
      expect(hooks.find((e) => e.hook === 'PermissionRequest')).toMatchObject({ timedOut: true, exitCode: null });
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const c of sockets) c.destroy();
      await new Promise((r) => hung.close(r));
    }
  });
});
