import type { Bus, DeviceChange } from '../../core/bus.ts';
import type { ClickHouseClient } from '../../core/clickhouse.ts';
import { deviceConfigIssues, type ConfigObject } from '../../core/device-config.ts';
import { AppError, conflict, notFound, validationFailed } from '../../core/errors.ts';
import { isUniqueViolation, type Db } from '../../core/postgres.ts';
import { startOfDay } from '../../core/time-zones.ts';
import { countDeviceEvents, countOrganizationEvents } from '../../db/repositories/device-events.ts';
import {
  countOrganizationDevices,
  deleteDevice,
  findDeviceByMac,
  findDeviceWithOrganization,
  insertDevice,
  listDevices,
  replaceDeviceConfig,
  updateDevice,
  updateOrganizationDevice,
  type DeviceListFilter,
  type DeviceListRow,
  type DeviceRow,
} from '../../db/repositories/devices.ts';
import { findOrganization } from '../../db/repositories/organizations.ts';
import { recordAudit, recordChange } from './audit/record.ts';
import { issueDeviceCredentials } from './device-credentials.ts';

export interface DeviceDeps {
  db: Db;
  ch: ClickHouseClient;
  bus: Bus;
}

export interface Period {
  from: Date;
  to: Date;
}

export interface CountedDevice {
  device: DeviceListRow;
  events: number;
}

/** Today in a time zone, from local midnight until now. */
export const today = (timeZone: string, now = new Date()): Period => ({ from: startOfDay(now, timeZone), to: now });

/** A page of devices with how many events each stored in the period. */
export async function listDevicesWithEvents(
  deps: DeviceDeps,
  filter: DeviceListFilter,
  period: Period,
): Promise<{ items: CountedDevice[]; total: number }> {
  const { rows, total } = await listDevices(deps.db, filter);
  const counts = await countDeviceEvents(deps.ch, rows, period.from, period.to);
  return { items: rows.map((device) => ({ device, events: counts.get(device.id) ?? 0 })), total };
}

/** One device with its events in the period; `organizationId` scopes it to a tenant (foreign id → 404). */
export async function getDeviceWithEvents(deps: DeviceDeps, id: number, period: Period, organizationId?: number): Promise<CountedDevice> {
  const device = await findDeviceWithOrganization(deps.db, id, organizationId);
  if (!device) throw notFound('device');
  const counts = await countDeviceEvents(deps.ch, [device], period.from, period.to);
  return { device, events: counts.get(id) ?? 0 };
}

/** An organization's fleet at a glance: devices online and offline, events stored in the period. */
export async function organizationOverview(deps: DeviceDeps, organizationId: number, period: Period, hiddenDevices: readonly number[] = []) {
  const [devices, events] = await Promise.all([
    countOrganizationDevices(deps.db, organizationId, hiddenDevices),
    countOrganizationEvents(deps.ch, organizationId, period.from, period.to, hiddenDevices),
  ]);
  return { devices: { total: devices.total, online: devices.online, offline: devices.total - devices.online }, events };
}

/** Superadmin pre-registers a device (e.g. before shipping it); returns its credentials once. */
export async function createDevice(
  deps: DeviceDeps,
  input: { mac: string; name?: string; organization_id?: number | null },
): Promise<{ device: DeviceRow; token: string; devicePassword: string }> {
  if (await findDeviceByMac(deps.db, input.mac)) throw deviceExists(input.mac);
  if (input.organization_id) await requireOrganization(deps.db, input.organization_id);
  const credentials = issueDeviceCredentials();
  const device = await deps.db
    .transaction(async (trx) => {
      const row = await insertDevice(trx, {
        mac: input.mac,
        name: input.name ?? '',
        organization_id: input.organization_id ?? null,
        token_hash: credentials.tokenHash,
        device_password: credentials.devicePassword,
      });
      await recordChange(trx, { action: 'device.create', organizationId: row.organization_id, object: deviceObject(row), after: deviceAudit(row) });
      return row;
    })
    .catch((err: unknown) => {
      throw isUniqueViolation(err) ? deviceExists(input.mac) : err;
    });
  announce(deps.bus, device, 'registered');
  return { device, token: credentials.token, devicePassword: credentials.devicePassword };
}

/** Renames, binds/unbinds (organization_id null) or blocks/unblocks a device; the broker hears about it. */
export async function changeDevice(
  deps: DeviceDeps,
  id: number,
  patch: { name?: string; organization_id?: number | null; status?: 'active' | 'blocked' },
): Promise<void> {
  const before = await findDeviceWithOrganization(deps.db, id);
  if (!before) throw notFound('device');
  if (patch.organization_id) await requireOrganization(deps.db, patch.organization_id);
  // A blocked or unbound device is refused by the broker, which drops its session: say so at once
  // rather than after the broker's next presence flush.
  const refused = patch.status === 'blocked' || patch.organization_id === null;
  const after = await deps.db.transaction(async (trx) => {
    const row = (await updateDevice(trx, id, refused ? { ...patch, online: false } : patch))!;
    // An unbound device's change belongs to the log of the organization it left.
    const organizationId = row.organization_id ?? before.organization_id;
    await recordChange(trx, { action: 'device.update', organizationId, object: deviceObject(row), before: deviceAudit(before), after: deviceAudit(row) });
    return row;
  });
  for (const change of deviceChanges(before, after)) announce(deps.bus, after, change);
}

/**
 * Replaces a device's config overrides; the new version is pushed to the device by the broker.
 * `organizationId` scopes it to a tenant (a client changing its own receiver; foreign id → 404).
 */
export async function setDeviceConfig(deps: DeviceDeps, id: number, overrides: ConfigObject, organizationId?: number): Promise<void> {
  // issue 17: nothing the products' schemas refuse becomes a version or reaches a device.
  const issues = deviceConfigIssues(overrides);
  if (issues.length) {
    throw validationFailed(
      issues.map((i) => ({ in: 'body', ...i, path: `overrides.${i.path}` })),
      `Invalid device config: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
    );
  }
  const device = await deps.db.transaction(async (trx) => {
    const before = await findDeviceWithOrganization(trx, id, organizationId);
    const row = before && (await replaceDeviceConfig(trx, id, overrides, organizationId));
    if (!before || !row) throw notFound('device');
    // brief: "изменил настройки железки #5".
    await recordChange(trx, {
      action: 'device.config',
      organizationId: row.organization_id,
      object: { ...deviceObject(row), type: 'device_config' },
      before: { overrides: before.config_overrides, version: before.config_version },
      after: { overrides: row.config_overrides, version: row.config_version },
    });
    return row;
  });
  announce(deps.bus, device, 'config');
}

/** brief: a client with the right renames its receiver and keeps notes on it; another tenant's id → 404. */
export async function changeClientDevice(deps: DeviceDeps, organizationId: number, id: number, patch: { name?: string; notes?: string }): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const before = await findDeviceWithOrganization(trx, id, organizationId);
    const after = before && (await updateOrganizationDevice(trx, organizationId, id, patch));
    if (!before || !after) throw notFound('device');
    await recordChange(trx, { action: 'device.update', organizationId, object: deviceObject(after), before: deviceAudit(before), after: deviceAudit(after) });
  });
}

/** Issues a new device token; the old one stops working at once (live MQTT sessions are dropped). */
export async function rotateDeviceToken(deps: DeviceDeps, id: number): Promise<string> {
  const credentials = issueDeviceCredentials();
  const device = await deps.db.transaction(async (trx) => {
    const row = await updateDevice(trx, id, { token_hash: credentials.tokenHash });
    if (!row) throw notFound('device');
    await recordAudit(trx, { kind: 'update', action: 'device.token_rotate', organizationId: row.organization_id, object: { ...deviceObject(row), type: 'device_token' } });
    return row;
  });
  announce(deps.bus, device, 'token_rotated');
  return credentials.token;
}

/** Deletes a device. Its simple id is never handed out again (the sequence moves on). */
export async function removeDevice(deps: DeviceDeps, id: number): Promise<void> {
  const device = await deps.db.transaction(async (trx) => {
    const row = await deleteDevice(trx, id);
    if (!row) throw notFound('device');
    await recordChange(trx, { action: 'device.delete', organizationId: row.organization_id, object: deviceObject(row), before: deviceAudit(row) });
    return row;
  });
  announce(deps.bus, device, 'deleted');
}

/** How the audit log names a device: its receiver number (what people say, "Receiver #5") and name or MAC. */
export const deviceObject = (d: DeviceRow) => ({ type: 'device', id: d.simple_id, label: d.name || d.mac });
const deviceAudit = (d: DeviceRow) => ({ mac: d.mac, name: d.name, notes: d.notes, organization_id: d.organization_id, status: d.status });

function deviceChanges(before: DeviceRow, after: DeviceRow): DeviceChange[] {
  const changes: DeviceChange[] = [];
  if (before.organization_id !== after.organization_id) {
    // Rebinding to another organization is an unbind (drop sessions tagged with the old tenant) then a bind.
    if (before.organization_id !== null) changes.push('unbound');
    if (after.organization_id !== null) changes.push('bound');
  }
  if (before.status !== after.status) changes.push(after.status === 'blocked' ? 'blocked' : 'unblocked');
  return changes;
}

const deviceExists = (mac: string) => conflict('device_exists', `A device with MAC ${mac} already exists`, { mac });

const announce = (bus: Bus, device: DeviceRow, change: DeviceChange) =>
  bus.emit('device.changed', { deviceId: device.id, mac: device.mac, change });

async function requireOrganization(db: Db, id: number): Promise<void> {
  if (!(await findOrganization(db, id))) {
    throw new AppError(422, 'organization_not_found', `Organization ${id} does not exist`, { organization_id: id });
  }
}
