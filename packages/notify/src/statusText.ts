import type { HourlyStatusFacts, SessionCounts } from '@architect/db';
import { fits, toGsmFriendly, truncateToSegments } from './gsm';

const MAX_SEGMENTS = 2;

function total(c: SessionCounts[]): SessionCounts {
  return c.reduce((a, b) => ({ busy: a.busy + b.busy, idle: a.idle + b.idle, waiting: a.waiting + b.waiting, exited: a.exited + b.exited, other: a.other + b.other }), {
    busy: 0,
    idle: 0,
    waiting: 0,
    exited: 0,
    other: 0,
  });
}

function providerLine(name: string, c: SessionCounts): string {
  const parts = [c.busy && `${c.busy} busy`, c.idle && `${c.idle} idle`, c.waiting && `${c.waiting} waiting`, c.exited && `${c.exited} exited`].filter(Boolean);
  return ` ${name}: ${parts.join(', ') || 'none'}`;
}

/**
 * The hourly status, in the spirit of the old system's text — but GSM-7 only (its emoji made
 * every message UCS-2, halving the room) and at most two segments (306 characters). Detail lines
 * (per provider, the checks that are down) are dropped, least useful first, until it fits.
 */
export function statusBody(f: HourlyStatusFacts, clock: string): string {
  const providers = Object.entries(f.sessionsByProvider).sort(([a], [b]) => a.localeCompare(b));
  const all = total(providers.map(([, c]) => c));
  const head = [
    `Architect ${clock}`,
    `Sessions: ${all.busy} busy, ${all.idle} idle, ${all.waiting} waiting, ${all.exited} exited`,
  ];
  const perProvider = providers.map(([p, c]) => providerLine(p, c));
  const rest = [
    `Prompts: ${f.prompts.queued} queued, ${f.prompts.active} active, ${f.prompts.done} done, ${f.prompts.failed} failed (1h)`,
    `Tasks: ${f.tasks.pending} pending, ${f.tasks.running} running, ${f.tasks.done} done, ${f.tasks.failed} failed (1h)`,
    `Health: ${f.health.overall}`,
  ];
  const downLine = f.health.down.length ? ` down: ${f.health.down.join(', ')}` : undefined;
  const human = f.waitingForHuman > 0 ? `Waiting for you: ${f.waitingForHuman} escalation${f.waitingForHuman === 1 ? '' : 's'}` : undefined;
  const candidates: string[][] = [
    [...head, ...perProvider, ...rest, ...(downLine ? [downLine] : []), ...(human ? [human] : [])],
    [...head, ...perProvider, ...rest, ...(human ? [human] : [])],
    [...head, ...rest, ...(downLine ? [downLine] : []), ...(human ? [human] : [])],
    [...head, ...rest, ...(human ? [human] : [])],
  ];
  for (const lines of candidates) {
    const body = toGsmFriendly(lines.join('\n'));
    if (fits(body, MAX_SEGMENTS)) return body;
  }
  return truncateToSegments(toGsmFriendly(candidates.at(-1)!.join('\n')), MAX_SEGMENTS);
}
