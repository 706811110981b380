import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../packages/core/src/index';
import { createDb, hookEventsAfter, getSession, type Db } from '../../packages/db/src/index';
import { SessionWatcher, type SessionStateChange, type SessionTurnEnd } from '../../packages/sessions/src/index';
import { TmuxDriver } from '../../packages/tmux/src/index';
import { trackResource } from '../support/leakGuard';
import { waitFor } from '../support/waitFor';
import { readJsonLines, SessionRig } from './sessionRig';

let rig: SessionRig | undefined;
let db: Db | undefined;
let watcher: SessionWatcher | undefined;
let untrack: (() => void) | undefined;
afterEach(async () => {
  await watcher?.stop();
  untrack?.();
  db?.close();
  await rig?.dispose();
  rig = db = watcher = untrack = undefined;
});

const PERMISSION_SCRIPT = {
  default: {
    steps: [{ work: 700 }, { permission: { tool: 'Bash', command: 'npm test', description: 'Run the tests' } }, { work: 700 }],
    reply: 'all green',
  },
};

function startWatcher(r: SessionRig) {
  db = createDb({ path: r.dbPath });
  const logs: string[] = [];
  const log = createLogger({
    name: 'watcher-test',
    level: 'warn',
    destination: new Writable({ write: (chunk, _enc, cb) => (logs.push(String(chunk)), cb()) }),
  });
  const w = new SessionWatcher({
    db,
    driver: new TmuxDriver({ socket: r.tmux.socket }),
    log,
    panesDir: r.panesDir,
    // A long hooked-busy interval: the dialog and its answer must still be read at once.
    options: { captureIntervalMs: 30, busyCaptureIntervalMs: 100, hookedBusyCaptureIntervalMs: 5000, scanIntervalMs: 1000, activityWriteMs: 1000, paneLogMaxBytes: 1 << 20, idleGraceMs: 2000 },
  });
  const states: SessionStateChange[] = [];
  const turns: SessionTurnEnd[] = [];
  w.onStateChange((e) => states.push(e));
  w.onTurnEnd((e) => turns.push(e));
  w.start();
  watcher = w;
  untrack = trackResource('session watcher', () => w.stop());
  return { w, states, turns, logs };
}

/** Distinct consecutive states of one session from `from` on, starting at idle. */
function sequence(states: SessionStateChange[], session: string, from: number): string[] {
  const seq = ['idle'];
  for (const s of states.slice(from).filter((e) => e.session === session)) if (seq[seq.length - 1] !== s.to) seq.push(s.to);
  return seq;
}

async function runPermissionTurn(r: SessionRig, session: string) {
  const driver = new TmuxDriver({ socket: r.tmux.socket });
  await driver.sendLiteral(session, 'run the tests');
  await driver.sendKey(session, 'Enter');
  await r.waitForRecord(session, 'dialog shown', (e) => e.event === 'permission-shown');
  // Claude ignores keys for a moment after a dialog appears; then the test answers it itself.
  await new Promise((res) => setTimeout(res, 400));
  await driver.sendKey(session, '1');
  await r.waitForRecord(session, 'dialog answered', (e) => e.event === 'permission-answer');
  await r.waitForRecord(session, 'turn end', (e) => e.event === 'turn-end', 15_000);
}

describe('SessionWatcher with fake agents in a private tmux server', () => {
  it('follows idle → busy → waiting_input → busy → idle with hooks, and reports the turn with its response', async () => {
    rig = new SessionRig('hooks');
    rig.writeConfig([{ name: 'c1', provider: 'claude', command: rig.fake('claude', 'c1', PERMISSION_SCRIPT, ['--tick-ms', '100']) }]);
    rig.up();
    const { w, states, turns, logs } = startWatcher(rig);
    await waitFor('c1 idle', () => getSession(db!, 'c1')?.state === 'idle' && w.snapshot()[0]?.state === 'idle');
    const mark = states.length;

    await runPermissionTurn(rig, 'c1');
    await waitFor('c1 idle again', () => sequence(states, 'c1', mark).length >= 5 && getSession(db!, 'c1')?.state === 'idle', { timeoutMs: 10_000 });

    expect(sequence(states, 'c1', mark)).toEqual(['idle', 'busy', 'waiting_input', 'busy', 'idle']);
    const waiting = states.find((s) => s.to === 'waiting_input')!;
    expect(waiting.permission).toMatchObject({ tool_name: 'Bash', tool_input: { command: 'npm test' } });
    // The end of the turn came from the Stop hook, with Claude's last message.
    expect(states.filter((s) => s.session === 'c1').at(-1)).toMatchObject({ to: 'idle', source: 'hook' });
    expect(turns).toMatchObject([{ session: 'c1', event: 'Stop', response: 'all green' }]);
    const events = hookEventsAfter(db!, 0, { session: 'c1' }).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['SessionStart', 'UserPromptSubmit', 'PermissionRequest', 'Stop']));
    expect(events.indexOf('UserPromptSubmit')).toBeLessThan(events.indexOf('PermissionRequest'));
    expect(getSession(db!, 'c1')).toMatchObject({ state: 'idle', lastOutput: 'all green', permission: null });
    expect(logs.join('')).toBe('');
  });

  it('follows the same turn from the screen alone when hooks are off', async () => {
    rig = new SessionRig('screen');
    rig.writeConfig([{ name: 'c2', provider: 'claude', command: rig.fake('claude', 'c2', PERMISSION_SCRIPT, ['--tick-ms', '100']) }]);
    const up = rig.up(['--no-hooks']);
    expect(up[0]!.hooks).toBe(false);
    const { w, states, turns, logs } = startWatcher(rig);
    await waitFor('c2 idle', () => getSession(db!, 'c2')?.state === 'idle' && w.snapshot()[0]?.state === 'idle');
    const mark = states.length;

    await runPermissionTurn(rig, 'c2');
    await waitFor('c2 idle again', () => sequence(states, 'c2', mark).length >= 5, { timeoutMs: 10_000 });

    expect(sequence(states, 'c2', mark)).toEqual(['idle', 'busy', 'waiting_input', 'busy', 'idle']);
    expect(states.filter((s) => s.session === 'c2' && s.source !== 'scan').every((s) => s.source === 'screen')).toBe(true);
    expect(states.find((s) => s.to === 'waiting_input')!.permission).toMatchObject({ via: 'screen', tool: 'bash', command: 'npm test' });
    expect(states.filter((s) => s.session === 'c2').at(-1)!.screen).toContain('all green');
    expect(turns).toEqual([]);
    expect(hookEventsAfter(db!, 0)).toEqual([]);
    expect(logs.join('')).toBe('');
  });

  it('marks a session killed while it is being captured gone, without errors', async () => {
    rig = new SessionRig('killed');
    rig.writeConfig([
      { name: 'k1', provider: 'claude', command: rig.fake('claude', 'k1', { default: { workMs: 30_000, reply: 'x' } }, ['--tick-ms', '20']), hooks: false },
    ]);
    rig.up();
    const { w, states, logs } = startWatcher(rig);
    await waitFor('k1 idle', () => getSession(db!, 'k1')?.state === 'idle');
    const driver = new TmuxDriver({ socket: rig.tmux.socket });
    await driver.sendLiteral('k1', 'spin');
    await driver.sendKey('k1', 'Enter');
    await waitFor('k1 busy', () => getSession(db!, 'k1')?.state === 'busy');
    const before = w.stats.captures;
    await new Promise((res) => setTimeout(res, 300)); // captures keep running while the spinner repaints
    expect(w.stats.captures).toBeGreaterThan(before);
    rig.tmux.run('kill-session', '-t', '=k1');
    await waitFor('k1 gone', () => getSession(db!, 'k1')?.state === 'gone', { timeoutMs: 5000 });
    expect(states.at(-1)).toMatchObject({ session: 'k1', to: 'gone' });
    expect(logs.join('')).toBe('');
    // The spinner's repaints did not turn into a write per frame.
    expect(w.stats.stateWrites).toBeLessThan(6);
  });

  it('types prompts byte for byte into the agent (literal and bracketed paste)', async () => {
    rig = new SessionRig('typing');
    rig.writeConfig([{ name: 't1', provider: 'claude', command: rig.fake('claude', 't1', { default: { workMs: 50, reply: 'ok' } }), hooks: false }]);
    rig.up();
    await rig.waitForRecord('t1', 'start', (e) => e.event === 'start');
    const driver = new TmuxDriver({ socket: rig.tmux.socket });
    await waitFor('composer drawn', async () => (await driver.capture('t1')).includes('❯'));
    const single = `-n 'quotes' "double" $(rm -rf /) C-c Enter héllo 🎉`;
    await driver.sendLiteral('t1', single);
    await driver.sendKey('t1', 'Enter');
    await rig.waitForRecord('t1', 'first prompt', (e) => e.event === 'turn-end');
    const multi = 'line one\nline "two" with $(subst) and `ticks`\n-dash line\nC-c\n日本語 🎉\n\nlast';
    await driver.pasteText('t1', multi);
    await driver.sendKey('t1', 'Enter');
    await waitFor('second prompt', () => readJsonLines(rig!.record('t1')).filter((e) => e.event === 'prompt').length === 2);
    const prompts = readJsonLines(rig.record('t1')).filter((e) => e.event === 'prompt').map((e) => e.text);
    expect(prompts).toEqual([single, multi]);
  });
});
