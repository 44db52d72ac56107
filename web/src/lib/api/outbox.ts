import { request } from './http.ts';
import type { MailStatus, OutboxMail, OutboxPage, PageQuery } from './types.ts';

/** Superadmin: the mail outbox. */

export interface OutboxFilter extends PageQuery {
  status?: MailStatus;
  q?: string;
}

/** GET /superadmin/outbox */
export const listOutbox = (filter: OutboxFilter) => request<OutboxPage>('GET', '/superadmin/outbox', { query: { ...filter } });

/** POST /superadmin/outbox/:id/resend */
export const resendMail = (id: number) => request<OutboxMail>('POST', `/superadmin/outbox/${id}/resend`);
