import { conflict, notFound } from '../../core/errors.ts';
import { countMailsByStatus, listMails } from '../../db/repositories/mail-outbox.ts';
import { resendMail } from '../services/mail/outbox.ts';
import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { IdParams, Pagination, pageWindow, paged } from '../http/schemas.ts';
import { MAIL_STATUSES, MailView, presentMail } from '../presenters/mail.ts';

const ListQuery = z.object({ status: z.enum(MAIL_STATUSES).optional(), q: z.string().trim().max(200).optional(), ...Pagination });

/** /superadmin/outbox: every mail the platform sent or tried to, and a way to send one again. */
export function superadminOutboxRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['superadmin: outbox'];

  router.route({
    method: 'get',
    path: '/superadmin/outbox',
    summary: 'Outgoing mails, newest first, with status, attempts and last error; says whether SMTP is configured',
    tags,
    guard: 'superadmin',
    query: ListQuery,
    response: paged(MailView).extend({
      smtp_configured: z.boolean().describe('Without SMTP_URL mails stay here marked no_smtp'),
      counts: z.record(z.string(), z.number().int()).describe('Mails per status'),
    }),
    handler: async ({ query }) => {
      const [{ rows, total }, counts] = await Promise.all([listMails(ctx.db, { status: query.status, q: query.q, ...pageWindow(query) }), countMailsByStatus(ctx.db)]);
      return { items: rows.map(presentMail), total, page: query.page, page_size: query.page_size, smtp_configured: Boolean(ctx.config.mail.smtpUrl), counts };
    },
  });

  router.route({
    method: 'post',
    path: '/superadmin/outbox/:id/resend',
    summary: 'Queue a mail again for an immediate attempt (failed, held without SMTP, or already sent)',
    tags,
    guard: 'superadmin',
    params: IdParams,
    response: MailView,
    handler: async ({ params }) => {
      const mail = await resendMail(ctx.db, params.id);
      if (mail === 'sending') throw conflict('mail_sending', 'This mail is being sent right now');
      if (!mail) throw notFound('mail');
      return presentMail(mail);
    },
  });
}
