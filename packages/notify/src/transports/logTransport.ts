import type { Logger } from '@architect/core';
import type { OutgoingMessage, Transport } from './transport';

/** No Twilio, no webhook: the message is written to the daemon's log, so nothing is silently dropped. */
export function createLogTransport(log: Logger): Transport {
  return {
    name: 'log',
    perRecipient: false,
    async send(message: OutgoingMessage) {
      log.info({ smsId: message.id, kind: message.kind, body: message.body }, 'message (log transport: no Twilio or webhook configured)');
      return { sid: null };
    },
  };
}
