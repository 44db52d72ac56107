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
import type { ResolveOrganization } from '../http/router.ts';
import { notifyIfActivated } from './accounts/activation.ts';
import type { AccountDeps } from './accounts/deps.ts';
import { insertMember, type MemberInput } from './accounts/members.ts';
import { recordChange } from './audit/record.ts';

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

/**
 * Creates an organization, optionally with its owner account (whose invitation or generated password
 * is mailed), in one transaction.
 */
export async function createOrganization(
  deps: AccountDeps,
  input: OrganizationInput & { name: string; owner?: Omit<MemberInput, 'role'> },
): Promise<OrganizationRow> {
  const { owner, ...fields } = input;
  return deps.db.transaction(async (trx) => {
    const org = await insertOrganization(trx, organizationFields(fields) as OrganizationFields & { name: string });
    if (owner) await insertMember({ ...deps, db: trx }, org, { ...owner, role: 'owner' }, null);
    await recordChange(trx, { action: 'organization.create', organizationId: org.id, object: orgObject(org), after: { ...orgAudit(org), owner: owner?.email ?? null } });
    return org;
  });
}

/**
 * Edits an organization; leaving "awaiting activation" mails its owners that their products are active,
 * and a change of status or products is announced (the ingest path caches what its devices may store).
 */
export async function changeOrganization(deps: AccountDeps & { bus: Bus }, id: number, input: OrganizationInput): Promise<OrganizationRow> {
  const org = await deps.db.transaction(async (trx) => {
    const before = await findOrganization(trx, id);
    const updated = await updateOrganization(trx, id, organizationFields(input));
    if (!before || !updated) throw notFound('organization');
    await notifyIfActivated({ ...deps, db: trx }, before, updated);
    await recordChange(trx, { action: 'organization.update', organizationId: id, object: orgObject(updated), before: orgAudit(before), after: orgAudit(updated) });
    return updated;
  });
  if (input.status !== undefined || input.products !== undefined) deps.bus.emit('organization.changed', { organizationId: id });
  return org;
}

/** Deletes an organization with its users; its devices stay registered, unbound (and are told so). */
export async function removeOrganization(deps: { db: Db; bus: Bus }, id: number): Promise<void> {
  const unbound = await deps.db.transaction(async (trx) => {
    const org = await findOrganization(trx, id);
    const devices = await deleteOrganization(trx, id);
    // The log outlives the organization: the row stays in its chain (no foreign key), readable by the superadmin.
    if (org && devices) await recordChange(trx, { action: 'organization.delete', organizationId: id, object: orgObject(org), before: { ...orgAudit(org), devices_unbound: devices.length } });
    return devices;
  });
  if (!unbound) throw notFound('organization');
  for (const device of unbound) deps.bus.emit('device.changed', { deviceId: device.id, mac: device.mac, change: 'unbound' });
}

const orgObject = (org: OrganizationRow) => ({ type: 'organization', id: org.id, label: org.name });
const orgAudit = (org: OrganizationRow) => ({
  name: org.name,
  phone: org.phone,
  contact_email: org.contact_email,
  status: org.status,
  products: org.products,
  timezone: org.timezone,
});

function organizationFields(input: OrganizationInput): OrganizationFields {
  // Product order is irrelevant and duplicates meaningless: store a sorted set.
  return input.products ? { ...input, products: [...new Set(input.products)].sort() } : { ...input };
}

/** What the product guard needs to know of an organization (api/http/router.ts), read on every guarded request. */
export const organizationAccess =
  (db: Db): ResolveOrganization =>
  async (organizationId) => {
    const org = await findOrganization(db, organizationId);
    return org && { active: org.status === 'active', products: org.products };
  };
