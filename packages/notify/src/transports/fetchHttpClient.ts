import { SendError } from './transport';

/** What twilio-node hands its `httpClient` (RequestClient.RequestOptions, the fields we use). */
export interface TwilioRequestOptions {
  method: string;
  uri: string;
  username?: string;
  password?: string;
  headers?: Record<string, string>;
  params?: Record<string, unknown>;
  data?: Record<string, unknown>;
  timeout?: number;
}

export interface TwilioResponse {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * twilio-node's `httpClient` option, on Node's own fetch instead of the SDK's axios client: one
 * bounded timeout we choose, no hidden retries (retries belong to the outbox, where they are
 * counted), and a `baseUrl` that replaces https://api.twilio.com — the tests' local fake.
 */
export class FetchHttpClient {
  constructor(private readonly opts: { baseUrl?: string; timeoutMs: number }) {}

  async request(req: TwilioRequestOptions): Promise<TwilioResponse> {
    const url = new URL(this.rebase(req.uri));
    for (const [k, v] of Object.entries(req.params ?? {})) appendParam(url.searchParams, k, v);
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (req.username && req.password) headers.Authorization = `Basic ${Buffer.from(`${req.username}:${req.password}`).toString('base64')}`;
    let body: string | undefined;
    if (req.data && req.method.toUpperCase() !== 'GET') {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(req.data)) appendParam(form, k, v);
      body = form.toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    let res: Response;
    try {
      res = await fetch(url, { method: req.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.opts.timeoutMs) });
    } catch (err) {
      const timeout = (err as Error).name === 'TimeoutError';
      // Whether the request reached Twilio is unknown; the outbox decides (bounded retries).
      throw new SendError(timeout ? `Twilio request timed out after ${this.opts.timeoutMs} ms` : `Twilio request failed: ${(err as Error).message}`, {
        retryable: true,
        cause: err,
      });
    }
    const text = await res.text();
    return { statusCode: res.status, body: text, headers: Object.fromEntries(res.headers.entries()) };
  }

  private rebase(uri: string): string {
    if (!this.opts.baseUrl) return uri;
    const u = new URL(uri);
    const base = new URL(this.opts.baseUrl);
    return `${base.origin}${base.pathname.replace(/\/$/, '')}${u.pathname}${u.search}`;
  }
}

function appendParam(target: URLSearchParams, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) for (const v of value) target.append(key, String(v));
  else target.append(key, String(value));
}
