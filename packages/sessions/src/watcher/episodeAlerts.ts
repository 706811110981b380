/**
 * Nothing stuck unseen: a session `unknown`, `waiting_input` (a human is needed) or `exited` for
 * longer than `attentionAfterMs`, or `busy` with a frozen screen for longer than `busyQuietMs`,
 * raises ONE alert for that episode. An episode is the session in one state since one instant
 * (state_at); it ends when the state changes, and a later episode alerts again. The alert's key
 * is unique in the database (raiseEpisodeAlert), so a restarted watcher never repeats one.
 */
import crypto from 'node:crypto';
import type { Clock, Logger, SessionAlertOptions } from '@architect/core';
import { episodeKey, listSessionRows, raiseEpisodeAlert, type Db, type EpisodeAlert, type SessionAlertKind, type SessionState } from '@architect/db';
import type { TrackedSessions } from './trackedSessions';

export interface EpisodeInput {
  name: string;
  state: SessionState;
  /** When the state began (the episode's start). */
  stateAt: number | null;
  /** When the screen last changed in a way that matters (quietScreenKey); undefined: not seen. */
  quietAt: number | undefined;
  /** The bottom of the screen, for the alert. */
  screen: string | null;
  foreground: string | null;
}

const ATTENTION: Partial<Record<SessionState, { kind: SessionAlertKind; what: string }>> = {
  exited: { kind: 'session_exited', what: 'its agent is not running (the pane shows a shell or another program)' },
  waiting_input: { kind: 'session_waiting', what: 'it waits for a human' },
  unknown: { kind: 'session_stuck', what: 'its screen cannot be read' },
};

/** Pure: the alerts due at `now` (the caller raises them; raising twice is harmless). */
export function dueEpisodeAlerts(sessions: EpisodeInput[], now: number, o: Pick<SessionAlertOptions, 'attentionAfterMs' | 'busyQuietMs'>): Omit<EpisodeAlert, 'now'>[] {
  const due: Omit<EpisodeAlert, 'now'>[] = [];
  for (const s of sessions) {
    if (s.stateAt === null) continue;
    const details = { screen: s.screen, foreground: s.foreground };
    const attention = ATTENTION[s.state];
    if (attention && now - s.stateAt >= o.attentionAfterMs) {
      const secs = Math.round((now - s.stateAt) / 1000);
      due.push({ kind: attention.kind, session: s.name, state: s.state, since: s.stateAt, message: `session ${s.name} ${s.state} for ${secs} s: ${attention.what}`, details });
    } else if (s.state === 'busy') {
      const quietSince = Math.max(s.stateAt, s.quietAt ?? s.stateAt);
      if (now - quietSince >= o.busyQuietMs) {
        const mins = Math.round((now - quietSince) / 60_000);
        due.push({
          kind: 'session_stuck',
          session: s.name,
          state: 'busy-quiet',
          since: s.stateAt,
          message: `session ${s.name} busy with no screen change for ${mins} min`,
          details: { ...details, quietSince },
        });
      }
    }
  }
  return due;
}

/**
 * A screen's content with what changes while nothing happens taken out: digits (elapsed time,
 * token counts) and spinner glyphs (braille, dingbat stars, dots). A busy agent whose key does
 * not move is making no progress worth the name.
 */
export function quietScreenKey(screen: string): string {
  const calm = screen
    // "3s", "1m 12s", "10.3k", "00:42": one placeholder for a run of numbers and their units.
    .replace(/[0-9][0-9.,:]*\s?(?:ms|[hmsk])?\b/g, '#')
    .replace(/#(?:\s*#)+/g, '#')
    .replace(/[\u2800-\u28ff\u2700-\u27bf\u00b7\u2022\u25cf\u25d0-\u25d3|/\\-]/g, '');
  return crypto.createHash('sha1').update(calm).digest('hex');
}

/** The screen's last non-empty rows. */
export function lastRows(screen: string, rows: number): string {
  const lines = screen.split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.slice(-rows).join('\n');
}

export interface EpisodeAlertsDeps {
  db: Db;
  log: Logger;
  clock: Clock;
  tracked: TrackedSessions;
  options: SessionAlertOptions;
}

/** Runs once per scan pass: reads the managed rows, raises what is due, logs what is new. */
export class EpisodeAlerts {
  /** Keys raised (or found raised) by this process: no write at all for them on later passes. */
  private readonly raised = new Set<string>();

  constructor(private readonly deps: EpisodeAlertsDeps) {}

  run(): number {
    const { db, clock, tracked, options, log } = this.deps;
    if (!options.enabled) return 0;
    const now = clock.now();
    const inputs: EpisodeInput[] = listSessionRows(db, { managedOnly: true }).map((r) => {
      const t = tracked.get(r.name);
      return {
        name: r.name,
        state: r.state,
        stateAt: r.stateAt,
        quietAt: t?.quietAt,
        screen: t?.lastScreen !== undefined ? lastRows(t.lastScreen, options.screenRows) : r.lastOutput,
        foreground: r.foreground,
      };
    });
    let count = 0;
    for (const a of dueEpisodeAlerts(inputs, now, options)) {
      const key = episodeKey(a.session, a.state, a.since);
      if (this.raised.has(key)) continue;
      // Only a memo (the database's unique key is the guarantee): keep it bounded over months.
      if (this.raised.size >= 10_000) this.raised.clear();
      this.raised.add(key);
      const id = raiseEpisodeAlert(db, { ...a, now });
      if (id === null) continue;
      count++;
      log.warn({ session: a.session, kind: a.kind, state: a.state, since: a.since, alertId: id }, a.message);
    }
    return count;
  }
}
