import type { Alert } from '@architect/db';
import { fits, toGsmFriendly, truncateToSegments } from './gsm';
import { redactSecrets } from '@architect/core';

/** Longest command shown in an escalation line; the dashboard has the whole (redacted) one. */
export const COMMAND_MAX = 70;

function shorten(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 3).trimEnd()}...`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * One line for one alert. An escalation names the session, the tool and the command — redacted
 * BEFORE it is shortened, so a cut can never leave half a token unrecognised.
 */
export function alertLine(a: Alert): string {
  const d = a.details ?? {};
  const who = a.sessionName ? `${a.sessionName}: ` : '';
  if (a.kind === 'permission_escalated') {
    const tool = str(d.tool) ?? 'a tool';
    const command = str(d.command);
    const shown = command ? ` ${shorten(redactSecrets(command), COMMAND_MAX)}` : '';
    return toGsmFriendly(`${who}needs you - ${tool}${shown}`);
  }
  return toGsmFriendly(shorten(redactSecrets(a.message), 120));
}

export interface AlertBodyOptions {
  header: string;
  /** A closing line that must survive the cut (cap notice), if any. */
  footer?: string;
  maxSegments: number;
}

/**
 * A header, as many alert lines as fit in `maxSegments` SMS segments, "+N more", then the
 * footer. Lines are whole or absent; a single line too long on its own is cut.
 */
export function alertBody(alerts: readonly Alert[], o: AlertBodyOptions): string {
  const lines = alerts.map(alertLine);
  const footer = o.footer ? `\n${toGsmFriendly(o.footer)}` : '';
  const compose = (n: number) => {
    const more = lines.length - n;
    return `${o.header}\n${lines.slice(0, n).join('\n')}${more > 0 ? `\n+${more} more (architect alerts list)` : ''}${footer}`;
  };
  for (let n = lines.length; n >= 1; n--) {
    const body = compose(n);
    if (fits(body, o.maxSegments)) return body;
  }
  return truncateToSegments(compose(1), o.maxSegments);
}
