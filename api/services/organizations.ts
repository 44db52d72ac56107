import type { Bus } from '../../core/bus.ts';
import { notFound } from '../../core/errors.ts';
import type { Db } from '../../core/postgres.ts';
import type { ProductName } from '../../core/products.ts';
import {
  deleteOrganization,
  findOrganization,
  insertOrganization,
  listOrganizations,
  updateOrganization,
  type OrganizationFields,
  type OrganizationListFilter,
  type OrganizationRow,
} from '../../db/repositories/organizations.ts';
import { createOrganizationUser, type NewMember } from './users.ts';

export interface OrganizationInput {
  name?: string;
  phone?: string | null;
  contact_email?: string | null;
  status?: 'pending' | 'active';
  products?: ProductName[];
  timezone?: string;
}

export const listAllOrganizations = (db: Db, filter: OrganizationListFilter) => listOrganizations(db, filter);

export async function getOrganization(db: Db, id: number): Promise<OrganizationRow> {
  const org = await findOrganization(db, id);
  if (!org) throw notFound('organization');
  return org;
}

/** Creates an organization, optionally with its owner account, in one transaction. */
export async function createOrganization(
  db: Db,
  input: OrganizationInput & { name: string; owner?: Omit<NewMember, 'role'> },
): Promise<OrganizationRow> {
  const { owner, ...fields } = input;
  return db.transaction(async (trx) => {
    const org = await insertOrganization(trx, organizationFields(fields) as OrganizationFields & { name: string });
    if (owner) await createOrganizationUser(trx, org.id, { ...owner, role: 'owner' });
    return org;
  });
}

export async function changeOrganization(deps: { db: Db; bus: Bus }, id: number, input: OrganizationInput): Promise<OrganizationRow> {
  const org = await updateOrganization(deps.db, id, organizationFields(input));
  if (!org) throw notFound('organization');
  // What its devices may store follows status and products at once (the ingest path caches it).
  if (input.status !== undefined || input.products !== undefined) deps.bus.emit('organization.changed', { organizationId: id });
  return org;
}

/** Deletes an organization with its users; its devices stay registered, unbound (and are told so). */
export async function removeOrganization(deps: { db: Db; bus: Bus }, id: number): Promise<void> {
  const unbound = await deleteOrganization(deps.db, id);
  if (!unbound) throw notFound('organization');
  for (const device of unbound) deps.bus.emit('device.changed', { deviceId: device.id, mac: device.mac, change: 'unbound' });
}

function organizationFields(input: OrganizationInput): OrganizationFields {
  // Product order is irrelevant and duplicates meaningless: store a sorted set.
  return input.products ? { ...input, products: [...new Set(input.products)].sort() } : { ...input };
}
