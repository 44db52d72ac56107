import { z } from 'zod';
import type { Db } from '../../../core/postgres.ts';
import { findMail, insertMail, requeueMail, type MailRow } from '../../../db/repositories/mail-outbox.ts';
import { recordAudit } from '../audit/record.ts';

/** A mail to send: one recipient, plain text and optionally HTML (already rendered and escaped). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What kind of mail this is (e.g. `password_reset`, `device_offline`): shown in the outbox, filterable. */
  kind: string;
}

/**
 * Queues a mail in the outbox. Call it with the transaction that makes the change the mail tells about,
 * so the mail exists exactly when the change does; the mail worker sends it afterwards, with retries.
 */
export function enqueueMail(db: Db, mail: OutgoingMail): Promise<MailRow> {
  // The address reaches the SMTP envelope (RCPT TO): anything but one plain address is a caller's bug.
  if (!z.email().safeParse(mail.to).success) throw new Error(`enqueueMail: not a single e-mail address: ${JSON.stringify(mail.to)}`);
  return insertMail(db, {
    to_address: mail.to,
    // A header value is one line: CR/LF from user input (a company name) must never start a new header.
    subject: oneLine(mail.subject).slice(0, 250),
    text_body: mail.text,
    html_body: mail.html ?? null,
    kind: mail.kind,
  });
}

/** Collapses line breaks and other control characters to spaces. */
export const oneLine = (value: string): string => value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

/**
 * Queues a mail again for an immediate attempt (the superadmin's "resend"); undefined when there is no
 * such mail or it is being sent right now (`sending`).
 */
export async function resendMail(db: Db, id: number): Promise<MailRow | 'sending' | undefined> {
  return db.transaction(async (trx) => {
    const mail = await requeueMail(trx, id);
    if (!mail) return (await findMail(trx, id)) ? 'sending' : undefined;
    await recordAudit(trx, { kind: 'update', action: 'mail.resend', organizationId: null, object: { type: 'mail', id: mail.id, label: mail.kind }, details: { to: mail.to_address } });
    return mail;
  });
}
