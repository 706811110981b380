/**
 * Wall-clock time in the user's IANA time zone, through Intl (no tz database of our own).
 * Quiet hours and message headers are in the user's time, not the server's.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes since local midnight. */
export function localMinutes(now: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(now));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return (get('hour') % 24) * 60 + get('minute');
}

/** "HH:MM" local time. */
export function localClock(now: number, timeZone: string): string {
  const m = localMinutes(now, timeZone);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function parseHhmm(s: string): number {
  const [h, m] = s.split(':').map(Number);
  return h! * 60 + m!;
}

export interface QuietHours {
  start: string;
  end: string;
}

/** Inside quiet hours? A window may cross midnight (22:00–07:00); start == end means none. */
export function isQuiet(now: number, q: QuietHours | undefined, timeZone: string): boolean {
  if (!q) return false;
  const start = parseHhmm(q.start);
  const end = parseHhmm(q.end);
  if (start === end) return false;
  const m = localMinutes(now, timeZone);
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/**
 * When the current quiet period ends (to the minute). Across a DST change it can be an hour off;
 * callers only use it to say "held until" and re-check isQuiet on every pass.
 */
export function quietEndsAt(now: number, q: QuietHours, timeZone: string): number {
  const m = localMinutes(now, timeZone);
  const minutes = (parseHhmm(q.end) - m + 1440) % 1440;
  const startOfMinute = now - (now % 60_000);
  return startOfMinute + minutes * 60_000;
}
