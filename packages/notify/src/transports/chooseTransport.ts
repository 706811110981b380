import type { Logger, SmsConfig } from '@architect/core';
import { createLogTransport } from './logTransport';
import type { Transport } from './transport';
import { createTwilioTransport, twilioCredentials } from './twilioTransport';
import { createWebhookTransport } from './webhookTransport';

/** Twilio when its credentials are complete, else the webhook when a URL is set, else the log. */
export async function chooseTransport(config: SmsConfig, log: Logger): Promise<Transport> {
  const creds = twilioCredentials(config.twilio);
  if (creds) return createTwilioTransport(creds, { timeoutMs: config.requestTimeoutMs });
  if (config.webhookUrl) return createWebhookTransport(config.webhookUrl, { timeoutMs: config.requestTimeoutMs, recipients: config.recipients });
  return createLogTransport(log);
}
