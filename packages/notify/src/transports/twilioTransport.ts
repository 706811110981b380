import type { TwilioConfig } from '@architect/core';
import { FetchHttpClient } from './fetchHttpClient';
import { retryableStatus, SendError, type OutgoingMessage, type Transport } from './transport';

/** Complete Twilio credentials: the account, one way to authenticate, and a sender. */
export interface TwilioCredentials {
  accountSid: string;
  /** Auth token, or API key SID + secret (preferred: revocable on its own). */
  authToken?: string;
  apiKeySid?: string;
  apiKeySecret?: string;
  from: string;
  baseUrl?: string;
}

/** The credentials when they are complete, else null (the caller falls back to another transport). */
export function twilioCredentials(c: TwilioConfig): TwilioCredentials | null {
  if (!c.accountSid || !c.from) return null;
  if (c.apiKeySid && c.apiKeySecret) return { accountSid: c.accountSid, apiKeySid: c.apiKeySid, apiKeySecret: c.apiKeySecret, from: c.from, baseUrl: c.baseUrl };
  if (c.authToken) return { accountSid: c.accountSid, authToken: c.authToken, from: c.from, baseUrl: c.baseUrl };
  return null;
}

interface MessagesApi {
  messages: { create(p: { to: string; from: string; body: string }): Promise<{ sid: string }> };
}
type TwilioFactory = (username: string, password: string, opts: Record<string, unknown>) => MessagesApi;

/**
 * SMS through twilio-node with our FetchHttpClient. The SDK is imported lazily: it is large, and
 * the CLI and daemon load it only when Twilio is configured.
 */
export async function createTwilioTransport(creds: TwilioCredentials, opts: { timeoutMs: number }): Promise<Transport> {
  const mod = (await import('twilio')) as unknown as { default: TwilioFactory };
  const httpClient = new FetchHttpClient({ baseUrl: creds.baseUrl, timeoutMs: opts.timeoutMs });
  const [username, password] = creds.apiKeySid ? [creds.apiKeySid, creds.apiKeySecret!] : [creds.accountSid, creds.authToken!];
  const client = mod.default(username, password, { accountSid: creds.accountSid, httpClient, autoRetry: false });
  return {
    name: 'twilio',
    perRecipient: true,
    async send(message: OutgoingMessage, to: string | null) {
      if (!to) throw new SendError('no recipient: set sms.recipients', { retryable: false });
      try {
        const res = await client.messages.create({ to, from: creds.from, body: message.body });
        return { sid: res.sid };
      } catch (err) {
        if (err instanceof SendError) throw err;
        const e = err as { status?: number; code?: number; message?: string };
        if (typeof e.status === 'number') {
          throw new SendError(`Twilio ${e.status}${e.code ? ` (code ${e.code})` : ''}: ${e.message ?? 'error'}`, {
            retryable: retryableStatus(e.status),
            status: e.status,
            providerCode: e.code,
            cause: err,
          });
        }
        throw new SendError(`Twilio: ${e.message ?? String(err)}`, { retryable: true, cause: err });
      }
    },
  };
}
