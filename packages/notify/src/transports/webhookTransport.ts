import { retryableStatus, SendError, type OutgoingMessage, type Transport } from './transport';

/**
 * POSTs a small JSON document per message to a URL the user sets — an ntfy topic, a Slack or
 * Telegram bridge. `text` duplicates `body` because that is the field most bridges read.
 */
export function createWebhookTransport(url: string, opts: { timeoutMs: number; recipients: readonly string[] }): Transport {
  return {
    name: 'webhook',
    perRecipient: false,
    async send(message: OutgoingMessage) {
      const doc = { source: 'architect', id: message.id, kind: message.kind, body: message.body, text: message.body, recipients: opts.recipients };
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(doc),
          redirect: 'manual',
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
      } catch (err) {
        throw new SendError(`webhook request failed: ${(err as Error).message}`, { retryable: true, cause: err });
      }
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { sid: null };
      throw new SendError(`webhook answered HTTP ${res.status}`, { retryable: retryableStatus(res.status), status: res.status });
    },
  };
}
