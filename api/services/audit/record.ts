import type { Knex } from 'knex';
import type { Db } from '../../../core/postgres.ts';
import { appendAuditRow } from '../../../db/repositories/audit.ts';
import { currentRequest } from '../../http/request-context.ts';
import { redactForAudit } from './redact.ts';

/**
 * The brief's categories of what was done ("Вход", "Просмотр", "Изменение", "Экспорт"…); `action`
 * names the precise operation (`ble.tag.update`).
 */
export const AUDIT_KINDS = [
  'login',
  'login_failed',
  'logout',
  'page_view',
  'data_view',
  'export',
  'create',
  'update',
  'delete',
  'access',
  'denied',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** What an event is about: "tag #42 'Велосипед №5'". */
export interface AuditObject {
  type: string;
  id?: string | number | null;
  label?: string | null;
}

export interface AuditEvent {
  kind: AuditKind;
  action: string;
  object?: AuditObject;
  before?: unknown;
  after?: unknown;
  details?: unknown;
  /** Whose log the row joins; by default the acting user's organization (null: the platform's own log). */
  organizationId?: number | null;
  /** Who acted, when not the signed-in caller (a login names the account before any token exists). */
  actor?: { userId: number | null; email: string | null; organizationId?: number | null };
}

/**
 * Records an audit event. Given a transaction, the row commits or rolls back with the change it
 * records; given the pool, it is written in a transaction of its own (views, exports, refusals).
 * IP, user agent and actor come from the current request's context; secrets are redacted by key.
 */
export async function recordAudit(db: Db | Knex.Transaction, event: AuditEvent): Promise<void> {
  const request = currentRequest();
  const actor = event.actor ?? (request?.actor ? { ...request.actor } : undefined);
  const organizationId = event.organizationId !== undefined ? event.organizationId : (actor?.organizationId ?? null);
  const row = {
    chain: organizationId ?? 0,
    organization_id: organizationId,
    user_id: actor?.userId ?? null,
    user_email: actor?.email ?? null,
    kind: event.kind,
    action: event.action,
    object_type: event.object?.type ?? null,
    object_id: event.object?.id === undefined || event.object.id === null ? null : String(event.object.id),
    object_label: event.object?.label ?? null,
    before: redactForAudit(event.before),
    after: redactForAudit(event.after),
    details: redactForAudit(event.details),
    ip: request?.ip ?? null,
    user_agent: request?.userAgent ?? null,
  };
  if (db.isTransaction) await appendAuditRow(db as Knex.Transaction, row);
  else await db.transaction((trx) => appendAuditRow(trx, row));
}

/**
 * Records a change as before → after of only the fields that changed ("name: 'Велосипед №5' →
 * 'Велосипед №6'"), in the change's transaction. `before`/`after` are plain views of the object;
 * undefined `before` is a creation, undefined `after` a deletion.
 */
export async function recordChange(
  trx: Db | Knex.Transaction,
  event: Omit<AuditEvent, 'kind' | 'before' | 'after'> & { before?: object | null; after?: object | null },
): Promise<void> {
  const { before, after } = changedFields(plain(event.before), plain(event.after));
  const kind: AuditKind = !event.before ? 'create' : !event.after ? 'delete' : 'update';
  await recordAudit(trx, { ...event, kind, before: event.before ? before : undefined, after: event.after ? after : undefined });
}

const plain = (v: object | null | undefined) => (v ? (redactForAudit(v) as Record<string, unknown>) : undefined);

/** The fields whose (JSON) values differ; every field of a creation or deletion. */
export function changedFields(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  if (!before || !after) return { before: before ?? {}, after: after ?? {} };
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    b[key] = before[key] ?? null;
    a[key] = after[key] ?? null;
  }
  return { before: b, after: a };
}

/** A signed-out flow's actor (a mail link, a login): the account it is about. */
export const actorOf = (user: { id: number; email: string; organization_id: number | null }) => ({
  userId: user.id,
  email: user.email,
  organizationId: user.organization_id,
});

/** A data view by the server ("viewed analytics for period Y"): one line where a read route answers. */
export const recordView = (db: Db, action: string, object?: AuditObject, details?: unknown) =>
  recordAudit(db, { kind: 'data_view', action, object, details });

/** An export ("downloaded CSV for a month"): one line where an export is produced or downloaded. */
export const recordExport = (db: Db | Knex.Transaction, action: string, object?: AuditObject, details?: unknown) =>
  recordAudit(db, { kind: 'export', action, object, details });
