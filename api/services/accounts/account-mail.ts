import type { Db } from '../../../core/postgres.ts';
import { renderMail } from '../mail/layout.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { ACCOUNT_MAILS, mailLocale, type AccountMailKind, type AccountMailParams } from './mails.ts';

/** Renders an account mail in the recipient's language and queues it in the caller's transaction. */
export async function queueAccountMail<K extends AccountMailKind>(
  db: Db,
  to: { email: string; locale?: string | null },
  kind: K,
  params: AccountMailParams[K],
): Promise<void> {
  const template = ACCOUNT_MAILS[mailLocale(to.locale)][kind] as (p: AccountMailParams[K]) => Parameters<typeof renderMail>[0];
  const mail = renderMail(template(params));
  await enqueueMail(db, { to: to.email, kind, ...mail });
}
