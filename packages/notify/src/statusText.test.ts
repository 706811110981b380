import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hourlyStatusFacts, insertAlertTx, type HourlyStatusFacts } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { smsLength } from './gsm';
import { statusBody } from './statusText';

describe('statusBody', () => {
  const facts = (n: number): HourlyStatusFacts => ({
    sessionsByProvider: Object.fromEntries(
      ['claude', 'codex', 'aider', 'gemini'].slice(0, n).map((p, i) => [p, { busy: i + 1, idle: 1, waiting: i % 2, exited: 0, other: 0 }]),
    ),
    prompts: { queued: 4, active: 3, done: 17, failed: 1 },
    tasks: { pending: 2, running: 1, done: 9, failed: 0 },
    waitingForHuman: 1,
    unackedAlerts: 2,
    health: { overall: 'DEGRADED', down: ['disk', 'http:api'] },
  });

  it('reads like the old hourly text, GSM-7 only, in at most two segments', () => {
    const body = statusBody(facts(2), '22:00');
    expect(body).toBe(
      [
        'Architect 22:00',
        'Sessions: 3 busy, 2 idle, 1 waiting, 0 exited',
        ' claude: 1 busy, 1 idle',
        ' codex: 2 busy, 1 idle, 1 waiting',
        'Prompts: 4 queued, 3 active, 17 done, 1 failed (1h)',
        'Tasks: 2 pending, 1 running, 9 done, 0 failed (1h)',
        'Health: DEGRADED',
        ' down: disk, http:api',
        'Waiting for you: 1 escalation',
      ].join('\n'),
    );
    expect(smsLength(body)).toMatchObject({ encoding: 'gsm7', segments: 2 });
  });

  it('drops detail lines, never the summary, when there is too much to say', () => {
    const f = facts(4);
    f.health.down = Array.from({ length: 20 }, (_, i) => `http-check-number-${i}`);
    const body = statusBody(f, '09:00');
    expect(smsLength(body).segments).toBeLessThanOrEqual(2);
    expect(body).toContain('Prompts: 4 queued');
    expect(body).toContain('Health: DEGRADED');
    expect(body).toContain('Waiting for you: 1 escalation');
  });
});

describe('hourlyStatusFacts', () => {
  let db: TempDb;
  beforeEach(() => {
    db = tempDb();
  });
  afterEach(() => db.dispose());

  it('counts sessions per provider and state, the last hour of prompts and tasks, and health', () => {
    const now = 2_000_000_000_000;
    const ins = db.sqlite.prepare('INSERT INTO sessions (name, provider, state) VALUES (?, ?, ?)');
    ins.run('a', 'claude', 'busy');
    ins.run('b', 'claude', 'waiting_input');
    ins.run('c', 'codex', 'gone');
    ins.run('d', 'codex', 'exited');
    const p = db.sqlite.prepare('INSERT INTO prompts (content, status, completed_at) VALUES (?, ?, ?)');
    p.run('x', 'pending', null);
    p.run('y', 'completed', now - 10 * 60_000);
    p.run('z', 'completed', now - 2 * 3_600_000); // older than an hour
    p.run('w', 'failed', now - 60_000);
    const hs = db.sqlite.prepare('INSERT INTO health_state (check_name, state, critical, last_status, changed_at, checked_at) VALUES (?, ?, ?, ?, ?, ?)');
    hs.run('db', 'up', 1, 'ok', now, now);
    hs.run('disk', 'down', 0, 'fail', now, now);
    insertAlertTx(db, { kind: 'k', message: 'm', now });
    const f = hourlyStatusFacts(db, now);
    expect(f.sessionsByProvider).toEqual({
      claude: { busy: 1, idle: 0, waiting: 1, exited: 0, other: 0 },
      codex: { busy: 0, idle: 0, waiting: 0, exited: 2, other: 0 },
    });
    expect(f.prompts).toEqual({ queued: 1, active: 0, done: 1, failed: 1 });
    expect(f).toMatchObject({ waitingForHuman: 1, unackedAlerts: 1, health: { overall: 'DEGRADED', down: ['disk'] } });
  });
});
