import type { Db } from '../../core/postgres.ts';
import type { AuditRow } from '../../db/repositories/audit.ts';
import type { TestPlatform } from '../helpers/platform.ts';

export type AuditDbRow = AuditRow;

/** The audit rows written after `afterId`, oldest first. */
export const auditRowsAfter = (db: Db, afterId: number): Promise<AuditDbRow[]> =>
  db('audit_log').where('id', '>', afterId).orderBy('id');

export const lastAuditId = async (db: Db): Promise<number> =>
  Number((await db('audit_log').max({ id: 'id' }).first())?.id ?? 0);

let seq = 0;

/** A fresh active organization (with `products`) and its owner, logged in. */
export async function organizationWithOwner(p: TestPlatform, products: string[] = ['wifi', 'ble']) {
  const n = ++seq;
  const admin = await p.adminToken();
  const email = `owner${n}-${process.pid}@audit.example`;
  const password = 'owner-password-1';
  const org = await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name: `Audit Org ${n}`, products, timezone: 'Europe/Moscow', owner: { email, password, name: 'Owner' } },
  });
  if (org.status !== 201) throw new Error(`organization: ${org.status} ${JSON.stringify(org.body)}`);
  const activated = await p.api('PATCH', `/superadmin/organizations/${org.body.id}`, { token: admin, body: { status: 'active' } });
  if (activated.status !== 200) throw new Error(`activate: ${activated.status} ${JSON.stringify(activated.body)}`);
  return { id: org.body.id as number, email, password, token: await p.login(email, password) };
}

/** Adds a member with a password and logs them in. */
export async function member(p: TestPlatform, ownerToken: string, role: string) {
  const email = `${role}${++seq}-${process.pid}@audit.example`;
  const password = 'member-password-1';
  const res = await p.api('POST', '/client/users', { token: ownerToken, body: { email, role, name: role, credentials: 'password', password } });
  if (res.status !== 201) throw new Error(`member: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as number, email, token: await p.login(email, password) };
}
