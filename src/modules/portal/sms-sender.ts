// How one-time codes reach a resident's phone. Pluggable: a deployment with an SMS gateway
// implements SmsSender and adds it to `smsSenders` under the name it sets in PINGAN_SMS_SENDER.
// The shipped senders write the message to the server log; 'dev' also keeps the last messages for
// the dev inbox (GET /api/v1/public/dev/sms-inbox), which is never enabled in production.
import type { FastifyBaseLogger } from 'fastify';
import type { SmsSenderName } from '../../config.js';
import { maskPhone } from '../../crypto/pii.js';

export interface SmsMessage {
  /** The phone number as the resident typed it. */
  to: string;
  text: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

export interface DevInboxMessage extends SmsMessage {
  at: string;
}

/** Writes each message to the log (phone masked, text whole: the code is what a developer needs). */
export class LogSmsSender implements SmsSender {
  constructor(private readonly log: FastifyBaseLogger) {}

  async send(message: SmsMessage): Promise<void> {
    this.log.info({ sms: { to: maskPhone(message.to), text: message.text } }, 'sms sent (log sender)');
  }
}

/** The log sender plus an in-memory inbox of the last messages, newest first (one process only). */
export class DevSmsSender extends LogSmsSender {
  static readonly KEEP = 50;
  private readonly messages: DevInboxMessage[] = [];

  override async send(message: SmsMessage): Promise<void> {
    await super.send(message);
    this.messages.unshift({ ...message, at: new Date().toISOString() });
    this.messages.length = Math.min(this.messages.length, DevSmsSender.KEEP);
  }

  inbox(): readonly DevInboxMessage[] {
    return this.messages;
  }
}

export const smsSenders: Record<SmsSenderName, (log: FastifyBaseLogger) => SmsSender> = {
  dev: (log) => new DevSmsSender(log),
  log: (log) => new LogSmsSender(log),
};
