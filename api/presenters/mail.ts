import type { MailRow } from '../../db/repositories/mail-outbox.ts';
import { z } from '../http/openapi.ts';
import { Timestamp } from '../http/schemas.ts';

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'no_smtp'] as const;

export const MailView = z
  .object({
    id: z.number().int(),
    to: z.string(),
    subject: z.string(),
    kind: z.string(),
    status: z.enum(MAIL_STATUSES),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    next_attempt_at: Timestamp,
    created_at: Timestamp,
    sent_at: Timestamp,
    text: z.string().describe('The plain-text body, links included: without SMTP this is how a newcomer follows them'),
    links: z.array(z.string()).describe('The links in the mail'),
  })
  .openapi('OutboxMail');

/** An outbox row for the superadmin; the HTML body is left out (the text says the same). */
export const presentMail = (m: MailRow): z.infer<typeof MailView> => ({
  id: m.id,
  to: m.to_address,
  subject: m.subject,
  kind: m.kind,
  status: m.status,
  attempts: m.attempts,
  last_error: m.last_error,
  next_attempt_at: m.status === 'queued' ? m.next_attempt_at.toISOString() : null,
  created_at: m.created_at.toISOString(),
  sent_at: m.sent_at?.toISOString() ?? null,
  text: m.text_body,
  links: [...new Set(m.text_body.match(/https?:\/\/\S+/g) ?? [])],
});
