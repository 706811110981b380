import type { HttpCheckConfig } from '@architect/core';
import type { CheckSample } from '../sample';

/** One configured URL: the expected status within the timeout, else fail with what happened. */
export async function httpCheck(c: HttpCheckConfig, fetchImpl: typeof fetch = fetch): Promise<CheckSample> {
  const name = `http:${c.name}`;
  const started = performance.now();
  try {
    const res = await fetchImpl(c.url, { signal: AbortSignal.timeout(c.timeoutMs), redirect: 'manual' });
    // The body is not needed; release the socket.
    await res.body?.cancel().catch(() => {});
    const ms = Math.round(performance.now() - started);
    const ok = res.status === c.expectedStatus;
    return {
      name,
      status: ok ? 'ok' : 'fail',
      message: ok ? `${c.name} answered ${res.status} in ${ms} ms` : `${c.name} answered ${res.status}, expected ${c.expectedStatus}`,
      value: ms,
      details: { url: c.url, status: res.status },
      critical: c.critical,
    };
  } catch (err) {
    // undici wraps the socket error ("fetch failed"); the code inside is what a human needs.
    const e = err as Error & { cause?: { code?: string; message?: string; errors?: { code?: string }[] } };
    const why = e.name === 'TimeoutError' ? `no answer within ${c.timeoutMs} ms` : (e.cause?.code ?? e.cause?.errors?.[0]?.code ?? e.cause?.message ?? e.message);
    return { name, status: 'fail', message: `${c.name} unreachable: ${why}`, details: { url: c.url }, critical: c.critical };
  }
}

/** Each URL at its own interval, at most once per cycle; remembered in memory between cycles. */
export class HttpSchedule {
  private readonly lastRun = new Map<string, number>();

  due(checks: HttpCheckConfig[], now: number): HttpCheckConfig[] {
    const due = checks.filter((c) => now - (this.lastRun.get(c.name) ?? -Infinity) >= c.intervalMs);
    for (const c of due) this.lastRun.set(c.name, now);
    return due;
  }
}
