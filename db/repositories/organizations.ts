import type { Db } from '../../core/postgres.ts';

export interface OrganizationRow {
  id: number;
  name: string;
  phone: string | null;
  contact_email: string | null;
  status: 'pending' | 'active';
  products: string[];
  timezone: string;
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export type OrganizationFields = Partial<Pick<OrganizationRow, 'name' | 'phone' | 'contact_email' | 'status' | 'products' | 'timezone' | 'settings'>>;

export interface OrganizationListFilter {
  status?: 'pending' | 'active';
  q?: string;
  limit: number;
  offset: number;
}

export interface OrganizationListRow extends OrganizationRow {
  device_count: number;
  user_count: number;
  /** Owners who signed up and have not confirmed their e-mail yet (such an organization is not worth activating yet). */
  unverified_owner_count: number;
}

export const findOrganization = (db: Db, id: number) => db<OrganizationRow>('organizations').where({ id }).first();

export async function listOrganizations(db: Db, f: OrganizationListFilter): Promise<{ rows: OrganizationListRow[]; total: number }> {
  const base = db('organizations as o').modify((q) => {
    if (f.status) q.where('o.status', f.status);
    if (f.q) q.where((w) => w.whereILike('o.name', `%${f.q}%`).orWhereILike('o.contact_email', `%${f.q}%`));
  });
  const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number }];
  const rows = (await base
    .clone()
    .select(
      'o.*',
      db.raw('(SELECT count(*) FROM devices d WHERE d.organization_id = o.id)::int AS device_count'),
      db.raw('(SELECT count(*) FROM users u WHERE u.organization_id = o.id)::int AS user_count'),
      db.raw(`(SELECT count(*) FROM users u WHERE u.organization_id = o.id AND u.role = 'owner' AND NOT u.email_verified)::int AS unverified_owner_count`),
    )
    .orderBy('o.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)) as OrganizationListRow[];
  return { rows, total: Number(n) };
}

export async function insertOrganization(db: Db, fields: OrganizationFields & { name: string }): Promise<OrganizationRow> {
  const [row] = await db<OrganizationRow>('organizations').insert(fields as never).returning('*');
  return row as OrganizationRow;
}

export async function updateOrganization(db: Db, id: number, fields: OrganizationFields): Promise<OrganizationRow | undefined> {
  const [row] = await db<OrganizationRow>('organizations')
    .where({ id })
    .update({ ...fields, updated_at: db.fn.now() } as never)
    .returning('*');
  return row as OrganizationRow | undefined;
}

/**
 * Deletes an organization (its users cascade, its devices become unbound). Returns the devices that
 * were bound to it, or undefined if there was no such organization.
 */
export async function deleteOrganization(db: Db, id: number): Promise<Array<{ id: number; mac: string }> | undefined> {
  return db.transaction(async (trx) => {
    const devices = await trx('devices').where({ organization_id: id }).forUpdate().select<Array<{ id: number; mac: string }>>('id', 'mac');
    const deleted = await trx('organizations').where({ id }).delete();
    return deleted === 1 ? devices : undefined;
  });
}
