import { requireLocation, type LocationScope } from '../../core/policy.ts';
import type { Db } from '../../core/postgres.ts';
import { deviceLocation, hiddenDeviceIds } from '../../db/repositories/location-grants.ts';

/**
 * Receivers follow their location where assigned (ble_receivers): one at a location not granted answers
 * 404 `device_not_found` like a missing one, and a write under a read grant is refused. An unassigned
 * receiver belongs to the whole organization and is governed by the role alone.
 */
export async function requireDevice(db: Db, scope: LocationScope, deviceId: number): Promise<void> {
  if (scope.grants === 'all') return;
  const locationId = await deviceLocation(db, scope.organizationId, deviceId);
  if (locationId !== undefined) requireLocation(scope, locationId, 'device');
}

/** The receivers a caller may not see (assigned to locations not granted); lists and analytics leave them out. */
export const hiddenDevices = (db: Db, scope: Pick<LocationScope, 'organizationId' | 'grants'>): Promise<number[]> =>
  scope.grants === 'all' ? Promise.resolve([]) : hiddenDeviceIds(db, scope);
