import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@architect/core';
import { TmuxDriver, TmuxSessionGoneError } from '@architect/tmux';
import { TmuxServer } from '../../../../test/support/tmuxServer';
import { waitFor } from '../../../../test/support/waitFor';
import { paneKey } from '../paths';
import { PaneActivity } from '../watcher/paneActivity';
import { armPanePipe } from '../watcher/panePipe';
import { ScreenObserver, type ScreenEvent } from './screenObserver';

let tmux: TmuxServer | undefined;
let driver: TmuxDriver | undefined;
let observer: ScreenObserver | undefined;
let activity: PaneActivity | undefined;
let dir: string | undefined;
afterEach(async () => {
  await observer?.stop();
  activity?.stop();
  driver?.close();
  tmux?.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  tmux = driver = observer = activity = dir = undefined;
});

// Prints each line it reads in bold, so the screen carries escapes.
const BOLD_ECHO = ['sh', '-c', `stty -echo; printf 'ready\\n'; while read l; do printf '\\033[1m%s\\033[0m\\n' "$l"; done`];

async function rig(opts: { controlMode: boolean; intervalMs?: number; fallbackMs?: number; sessions?: string[]; pollFor?: (session: string) => boolean }) {
  tmux = new TmuxServer('observer');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-observer-'));
  const names = opts.sessions ?? ['o1'];
  for (const n of names) tmux.newSession(n, BOLD_ECHO, { width: 60, height: 8 });
  const d = (driver = new TmuxDriver({ socket: tmux.socket, controlMode: opts.controlMode }));
  await waitFor('drawn', async () => (await d.capture(names[0]!)).includes('ready'));
  for (const n of names) await armPanePipe(d, dir, n);
  activity = new PaneActivity({ dir, log: silentLogger() });
  const byKey = new Map(names.map((n) => [paneKey(n), n]));
  const o = (observer = new ScreenObserver({
    driver: d,
    log: silentLogger(),
    activity,
    panesDir: dir,
    sessionOfKey: (k) => byKey.get(k),
    escapesFor: (n) => n === 'o1',
    intervalFor: () => opts.intervalMs ?? 30,
    ...(opts.pollFor ? { pollFor: opts.pollFor } : {}),
    ...(opts.fallbackMs ? { fallback: { pollMs: opts.fallbackMs, sessions: () => names } } : {}),
  }));
  const events: ScreenEvent[] = [];
  o.on((e) => events.push(e));
  for (const n of names) o.follow(n);
  activity.start();
  o.start();
  return { d, o, events };
}

describe.each([false, true])('ScreenObserver (control mode %s)', (controlMode) => {
  it('hands every pane change to its listeners with the screen, raw and as text', async () => {
    const { d, o, events } = await rig({ controlMode });
    await d.sendLiteral('o1', 'hello observer');
    await d.sendKey('o1', 'Enter');
    await waitFor('a shot with the line', () => events.some((e) => e.kind === 'screen' && e.text.includes('hello observer')));
    // The first shot with the line is a change; a trailing capture of the same screen is not.
    const shot = events.find((e) => e.kind === 'screen' && e.text.includes('hello observer'))!;
    if (shot.kind !== 'screen') throw new Error('unreachable');
    await new Promise((r) => setTimeout(r, 100));
    expect(shot.session).toBe('o1');
    // Arming the pipe left its signal for watchers that do not follow the pane yet.
    expect(fs.existsSync(path.join(dir!, 'signals', 'o1.pipe'))).toBe(true);
    expect(shot.width).toBe(60);
    expect(shot.raw).toContain('\x1b[1mhello observer');
    expect(shot.text).toBe(await d.capture('o1'));
    expect(shot.changed).toBe(true);
    expect(o.latest('o1')).toMatchObject({ hash: shot.hash });
    expect(events.filter((e) => e.kind === 'screen' && e.hash === shot.hash).slice(1).every((e) => e.kind === 'screen' && !e.changed)).toBe(true);
  });

  it('reads a screen nothing has drawn over without capturing it again, and captures after a draw or for a later `since`', async () => {
    const { d, o, events } = await rig({ controlMode });
    const first = await o.read('o1');
    // Wait out any notification of the session's start-up output, then read twice more.
    await new Promise((r) => setTimeout(r, 150));
    const settled = await o.read('o1');
    const captures = o.captures;
    expect(await o.read('o1')).toBe(settled);
    expect(o.captures).toBe(captures);
    expect(first.text).toBe(settled.text);
    // A later `since`: a new capture, which every listener receives too.
    const before = events.length;
    const later = await o.read('o1', { since: Date.now() });
    expect(later).not.toBe(settled);
    expect(o.captures).toBe(captures + 1);
    expect(events.length).toBeGreaterThan(before);
    // The pane draws: the last shot no longer stands for the screen, whether the notification
    // was handled yet (a request) or not (the pane file is newer).
    await d.sendLiteral('o1', 'moved');
    await d.sendKey('o1', 'Enter');
    await new Promise((r) => setTimeout(r, 100));
    expect((await o.read('o1')).text).toContain('moved');
    await d.sendLiteral('o1', 'again');
    await d.sendKey('o1', 'Enter');
    await waitFor('the pane file is written', async () => (await fs.promises.readFile(path.join(dir!, 'o1.out'), 'utf8')).includes('again'));
    expect((await o.read('o1')).text).toContain('again');
  });

  it('coalesces a burst into few captures, reads its final screen, and shares captures asked for at once', async () => {
    const { d, o, events } = await rig({ controlMode, intervalMs: 200 });
    await new Promise((r) => setTimeout(r, 250));
    const captures = o.captures;
    for (let i = 0; i < 20; i++) await d.sendLiteral('o1', `line ${i}\n`);
    await waitFor('the last line read', () => events.some((e) => e.kind === 'screen' && e.text.includes('line 19')), { timeoutMs: 5000 });
    // Twenty lines, each a pane file write, in well under a second: a handful of captures at most.
    expect(o.captures - captures).toBeLessThanOrEqual(8);
    const [a, b] = await Promise.all([o.read('o1', { since: Date.now() }), o.read('o1', { since: Date.now() - 1 })]);
    expect(a).toBe(b);
  });

  it('reports a session that went away to its listeners, and a read of it fails as gone', async () => {
    const { o, events } = await rig({ controlMode, sessions: ['o1', 'o2'] });
    await o.read('o2');
    tmux!.run('kill-session', '-t', '=o2');
    await expect(o.read('o2', { since: Date.now() })).rejects.toBeInstanceOf(TmuxSessionGoneError);
    expect(events.some((e) => e.kind === 'gone' && e.session === 'o2')).toBe(true);
    expect(o.latest('o2')).toBeUndefined();
    expect((await o.read('o1')).session).toBe('o1');
  });
});

it('falls back to window activity when no pane file notification comes', async () => {
  const { d, o, events } = await rig({ controlMode: true, fallbackMs: 100 });
  // No notifications from here on: only the poller can notice the change.
  activity!.stop();
  const before = events.length;
  await d.sendLiteral('o1', 'unseen by inotify\n');
  await waitFor('the poller asked for a capture', () => events.slice(before).some((e) => e.kind === 'screen' && e.text.includes('unseen by inotify')), { timeoutMs: 5000 });
  expect(o.captures).toBeGreaterThan(0);
});

it('polls a session its owner says to: no notification per frame, every draw still read, notifications back when it stops', async () => {
  let poll = true;
  const { d, o, events } = await rig({ controlMode: true, sessions: ['o1', 'o2'], pollFor: (n) => n === 'o1' && poll });
  await o.read('o1'); // the first shot: from here on o1 is polled
  await new Promise((r) => setTimeout(r, 100));
  const heard = activity!.events;
  for (let i = 0; i < 5; i++) {
    await d.sendLiteral('o1', `polled ${i}\n`);
    await waitFor(`frame ${i} read`, () => events.some((e) => e.kind === 'screen' && e.text.includes(`polled ${i}`)), { timeoutMs: 2000 });
  }
  // Five draws, each read, and not one notification: the poll saw the pane file's mtime move.
  expect(activity!.events).toBe(heard);
  // A session not polled is still heard.
  await d.sendLiteral('o2', 'heard\n');
  await waitFor('o2 heard', () => activity!.events > heard);
  await waitFor('o2 read', () => events.some((e) => e.kind === 'screen' && e.session === 'o2' && e.text.includes('heard')));
  // The owner stops polling o1 (the next poll tick notices): its notifications are back.
  poll = false;
  await new Promise((r) => setTimeout(r, 120));
  const before = activity!.events;
  await d.sendLiteral('o1', 'notified\n');
  await waitFor('o1 heard again', () => activity!.events > before);
  await waitFor('o1 read', () => events.some((e) => e.kind === 'screen' && e.text.includes('notified')));
});
