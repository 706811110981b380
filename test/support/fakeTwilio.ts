import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { trackResource } from './leakGuard';

export interface FakeTwilioRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

/** What the fake does with one request: a status (and optional delay), or hang (no answer). */
export type FakeTwilioReply = { status: number; delayMs?: number; body?: Record<string, unknown> } | 'hang';

/**
 * Twilio's Messages API on 127.0.0.1, for twilio-node pointed at it through our httpClient. It
 * records every request as received (so a test can check the exact form and auth) and counts
 * accepted messages by body: the "was anything texted twice" ledger.
 */
export class FakeTwilio {
  readonly requests: FakeTwilioRequest[] = [];
  /** Bodies it answered 201 for (accepted = sent, from the sender's point of view). */
  readonly accepted = new Map<string, number>();
  reply: (req: FakeTwilioRequest, n: number) => FakeTwilioReply = () => ({ status: 201 });
  private server: http.Server | undefined;
  private untrack: (() => void) | undefined;
  private readonly hanging = new Set<http.ServerResponse>();
  private sid = 0;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.untrack = trackResource('fake Twilio server', () => this.stop());
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const s = this.server;
    this.server = undefined;
    this.untrack?.();
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const r: FakeTwilioRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        form: Object.fromEntries(new URLSearchParams(raw)),
      };
      this.requests.push(r);
      const reply = this.reply(r, this.requests.length);
      if (reply === 'hang') {
        this.hanging.add(res);
        return;
      }
      const answer = () => {
        if (res.destroyed) return;
        if (reply.status === 201) {
          const sid = `SM${String(++this.sid).padStart(32, '0')}`;
          this.accepted.set(r.form.Body ?? '', (this.accepted.get(r.form.Body ?? '') ?? 0) + 1);
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ sid, status: 'queued', to: r.form.To, from: r.form.From, body: r.form.Body, ...reply.body }));
          return;
        }
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 21211, message: `fake error ${reply.status}`, status: reply.status, more_info: 'https://example.invalid', ...reply.body }));
      };
      if (reply.delayMs) setTimeout(answer, reply.delayMs);
      else answer();
    });
  }
}
