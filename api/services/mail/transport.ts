import nodemailer from 'nodemailer';
import type { Config } from '../../../core/config.ts';
import type { MailRow } from '../../../db/repositories/mail-outbox.ts';

/** Delivers one outbox mail; resolves with the server's message id, rejects with the SMTP error. */
export interface MailTransport {
  send(mail: MailRow): Promise<string | null>;
  close(): void;
}

/** An SMTP transport (nodemailer) from SMTP_URL, or null when no SMTP server is configured. */
export function createMailTransport(config: Config['mail']): MailTransport | null {
  if (!config.smtpUrl) return null;
  const smtp = nodemailer.createTransport({
    // Pooled connections: a burst of mails reuses the session (and its TLS handshake) instead of dialling per mail.
    pool: true,
    url: config.smtpUrl,
    tls: { rejectUnauthorized: config.tlsRejectUnauthorized },
    // A mail server that stops answering must not hold a worker for minutes.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      const info = await smtp.sendMail({
        from: config.from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        html: mail.html_body ?? undefined,
        // Only the one recipient, whatever the headers say.
        envelope: { from: addressOf(config.from), to: [mail.to_address] },
      });
      return info.messageId ?? null;
    },
    close: () => smtp.close(),
  };
}

/** `Name <a@b>` → `a@b`. */
const addressOf = (from: string): string => /<([^>]+)>/.exec(from)?.[1] ?? from;
