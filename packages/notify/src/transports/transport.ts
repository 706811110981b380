import { ArchitectError } from '@architect/core';

export interface OutgoingMessage {
  id: number;
  kind: string;
  body: string;
}

export interface Transport {
  readonly name: 'twilio' | 'webhook' | 'log';
  /** One call per recipient (Twilio), or one call for the whole message (webhook, log). */
  readonly perRecipient: boolean;
  /** Resolves with the provider's id for the message (Twilio's SID), or throws SendError. */
  send(message: OutgoingMessage, to: string | null): Promise<{ sid: string | null }>;
}

/**
 * A send that did not go through. `retryable`: the provider may accept it later (5xx, timeout,
 * connection refused); otherwise (4xx: bad number, bad credentials) retrying cannot help.
 */
export class SendError extends ArchitectError {
  readonly retryable: boolean;

  constructor(message: string, opts: { retryable: boolean; status?: number; providerCode?: number | string; cause?: unknown }) {
    super('SMS_SEND_FAILED', message, { retryable: opts.retryable, status: opts.status, providerCode: opts.providerCode }, { cause: opts.cause });
    this.retryable = opts.retryable;
  }
}

/** The one rule for HTTP outcomes: 5xx and 429 (rate limited) may pass later; other 4xx never will. */
export function retryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
