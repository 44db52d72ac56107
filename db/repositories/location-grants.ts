import type { Knex } from 'knex';
import type { Access, LocationScope } from '../../core/policy.ts';
import { visibleLocations } from '../../core/policy.ts';
import type { Db } from '../../core/postgres.ts';

export interface GrantRow {
  user_id: number;
  location_id: number;
  organization_id: number;
  access: Access;
}

/** A user's location grants as location id → access. */
export async function loadGrants(db: Db, userId: number): Promise<Map<number, Access>> {
  const rows = await db<GrantRow>('location_grants').where({ user_id: userId }).select('location_id', 'access');
  return new Map(rows.map((r) => [r.location_id, r.access]));
}

/** The grants of an organization's users, for the users page. */
export const listOrganizationGrants = (db: Db, organizationId: number) =>
  db<GrantRow>('location_grants').where({ organization_id: organizationId }).orderBy(['user_id', 'location_id']);

/**
 * Replaces a user's grants with the given ones, in one transaction. Only the organization's own
 * locations are inserted (a foreign id is dropped by the join, and the caller compares the counts).
 */
export async function replaceGrants(
  trx: Knex.Transaction,
  organizationId: number,
  userId: number,
  grants: ReadonlyArray<{ location_id: number; access: Access }>,
): Promise<number> {
  await trx('location_grants').where({ user_id: userId, organization_id: organizationId }).delete();
  if (!grants.length) return 0;
  const own = await trx('ble_locations')
    .where({ organization_id: organizationId })
    .whereIn('id', grants.map((g) => g.location_id))
    .pluck('id') as number[];
  const rows = grants.filter((g) => own.includes(g.location_id)).map((g) => ({ ...g, user_id: userId, organization_id: organizationId }));
  if (rows.length) await trx('location_grants').insert(rows);
  return rows.length;
}

/** Restricts a query to the scope's visible locations (no-op for callers who see all). */
export function whereLocationVisible(query: Knex.QueryBuilder, column: string, scope: Pick<LocationScope, 'grants'>): Knex.QueryBuilder {
  const visible = visibleLocations(scope);
  return visible === 'all' ? query : query.whereIn(column, visible);
}

/**
 * Receivers the caller may not see: those assigned (ble_receivers) to a location not granted. WiFi
 * receivers follow their location where assigned; unassigned ones belong to the whole organization.
 */
export async function hiddenDeviceIds(db: Db, scope: Pick<LocationScope, 'organizationId' | 'grants'>): Promise<number[]> {
  const visible = visibleLocations(scope);
  if (visible === 'all') return [];
  return (await db('ble_receivers')
    .where({ organization_id: scope.organizationId })
    .whereNotIn('location_id', visible)
    .pluck('device_id')) as number[];
}

/** The location a receiver is assigned to, if any. */
export const deviceLocation = async (db: Db, organizationId: number, deviceId: number): Promise<number | undefined> =>
  (await db('ble_receivers').where({ organization_id: organizationId, device_id: deviceId }).first('location_id'))?.location_id as number | undefined;
