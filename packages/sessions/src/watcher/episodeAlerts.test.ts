import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, silentLogger, type SessionAlertOptions } from '@architect/core';
import { listSessionAlerts, setProcessState, setScreenState, syncConfiguredSessions } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { dueEpisodeAlerts, EpisodeAlerts, quietScreenKey, type EpisodeInput } from './episodeAlerts';
import { TrackedSessions } from './trackedSessions';

const opts: SessionAlertOptions = { enabled: true, attentionAfterMs: 60_000, busyQuietMs: 600_000, screenRows: 5 };
const s = (over: Partial<EpisodeInput>): EpisodeInput => ({ name: 'w1', state: 'idle', stateAt: 0, quietAt: undefined, screen: 'last rows', foreground: null, ...over });

describe('dueEpisodeAlerts (pure)', () => {
  it('unknown, waiting_input and exited alert after attentionAfterMs, keyed on the episode start', () => {
    expect(dueEpisodeAlerts([s({ state: 'exited', stateAt: 1000 })], 60_999, opts)).toEqual([]);
    const [a] = dueEpisodeAlerts([s({ state: 'exited', stateAt: 1000, foreground: 'bash' })], 61_000, opts);
    expect(a).toMatchObject({ kind: 'session_exited', session: 'w1', state: 'exited', since: 1000, details: { screen: 'last rows', foreground: 'bash' } });
    expect(dueEpisodeAlerts([s({ state: 'waiting_input' })], 60_000, opts)[0]).toMatchObject({ kind: 'session_waiting' });
    expect(dueEpisodeAlerts([s({ state: 'unknown' })], 60_000, opts)[0]).toMatchObject({ kind: 'session_stuck', state: 'unknown' });
  });
  it('idle, starting and gone never alert', () => {
    expect(dueEpisodeAlerts(['idle', 'starting', 'gone'].map((state) => s({ state: state as EpisodeInput['state'] })), 10 * 86_400_000, opts)).toEqual([]);
  });
  it('busy alerts only after busyQuietMs without a screen change', () => {
    expect(dueEpisodeAlerts([s({ state: 'busy', stateAt: 0, quietAt: 500_000 })], 1_000_000, opts)).toEqual([]);
    expect(dueEpisodeAlerts([s({ state: 'busy', stateAt: 0, quietAt: 500_000 })], 1_100_000, opts)[0]).toMatchObject({
      kind: 'session_stuck',
      state: 'busy-quiet',
      since: 0,
      details: { quietSince: 500_000 },
    });
  });
  it('a spinner and an elapsed-time counter are not progress', () => {
    const a = '⏺ Reading files\n✻ Thinking… (3s · esc to interrupt)\n❯ ';
    const b = '⏺ Reading files\n✶ Thinking… (1m 12s · esc to interrupt)\n❯ ';
    expect(quietScreenKey(a)).toBe(quietScreenKey(b));
    expect(quietScreenKey(a)).not.toBe(quietScreenKey(`${a}\n⏺ Wrote src/a.ts`));
  });
});

describe('EpisodeAlerts (database, injected clock)', () => {
  let db: TempDb;
  beforeEach(() => {
    db = tempDb();
    syncConfiguredSessions(db, [{ name: 'w1', provider: 'claude', role: 'worker', specialties: [], cwd: '/r' }], 0);
  });
  afterEach(() => db.dispose());

  it('one alert per episode, none again after a restart, a new one for the next episode', () => {
    const clock = new ManualClock(1_000_000);
    const tracked = new TrackedSessions();
    const make = () => new EpisodeAlerts({ db, log: silentLogger(), clock, tracked, options: opts });
    let alerts = make();
    setScreenState(db, 'w1', { state: 'idle', hash: 'a' }, clock.now());
    setProcessState(db, 'w1', { state: 'exited', foreground: 'bash' }, clock.now());
    clock.advance(59_000);
    expect(alerts.run()).toBe(0);
    clock.advance(1000);
    expect(alerts.run()).toBe(1);
    clock.advance(30_000);
    expect(alerts.run()).toBe(0);
    // A restarted watcher (nothing in memory) finds the episode already alerted.
    alerts = make();
    expect(alerts.run()).toBe(0);
    expect(listSessionAlerts(db, 'w1')).toHaveLength(1);

    // The agent comes back (episode over), then exits again: a new episode, a new alert.
    setProcessState(db, 'w1', { state: 'agent', foreground: 'claude' }, clock.now());
    setScreenState(db, 'w1', { state: 'idle', hash: 'b' }, clock.now() + 1);
    clock.advance(120_000);
    expect(alerts.run()).toBe(0);
    setProcessState(db, 'w1', { state: 'exited', foreground: 'zsh' }, clock.now());
    clock.advance(60_000);
    expect(alerts.run()).toBe(1);
    const rows = listSessionAlerts(db, 'w1');
    expect(rows.map((r) => r.kind)).toEqual(['session_exited', 'session_exited']);
    expect(rows[1]!.details).toMatchObject({ foreground: 'zsh', state: 'exited' });
    expect(rows[0]!.episode).not.toBe(rows[1]!.episode);
  });

  it('disabled: nothing', () => {
    const clock = new ManualClock(0);
    setProcessState(db, 'w1', { state: 'exited', foreground: 'bash' }, 0);
    clock.advance(3_600_000);
    const alerts = new EpisodeAlerts({ db, log: silentLogger(), clock, tracked: new TrackedSessions(), options: { ...opts, enabled: false } });
    expect(alerts.run()).toBe(0);
  });
});
