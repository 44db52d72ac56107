import { recordChange } from '../../services/audit/record.ts';
import type { ClickHouseClient } from '../../../core/clickhouse.ts';
import { notFound } from '../../../core/errors.ts';
import type { LocationScope } from '../../../core/policy.ts';
import type { Db } from '../../../core/postgres.ts';
import { temperatureSettingsOf, type SensorThreshold } from '../../../core/products/temperature.ts';
import { findDeviceWithOrganization, listDevices } from '../../../db/repositories/devices.ts';
import { findOrganization } from '../../../db/repositories/organizations.ts';
import { deviceLabel } from '../../presenters/device.ts';
import { hiddenDevices, requireDevice } from '../../services/location-scope.ts';
import { resolvePeriod } from '../../services/period.ts';
import * as repo from './repository.ts';

export interface TemperatureDeps {
  db: Db;
  ch: ClickHouseClient;
}

/** Where a reading stands against its sensor's thresholds. */
export type SensorState = 'ok' | 'too_cold' | 'too_hot' | 'no_thresholds';

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function stateOf(celsius: number, t: SensorThreshold | undefined): SensorState {
  if (!t || (t.min_celsius === null && t.max_celsius === null)) return 'no_thresholds';
  if (t.max_celsius !== null && celsius > t.max_celsius) return 'too_hot';
  if (t.min_celsius !== null && celsius < t.min_celsius) return 'too_cold';
  return 'ok';
}

const sensorKey = (deviceId: number, sensor: string) => `${deviceId}\u0000${sensor}`;

async function organizationOf(db: Db, organizationId: number) {
  const org = await findOrganization(db, organizationId);
  if (!org) throw notFound('organization');
  return org;
}

/**
 * Every sensor of the organization's current receivers: its latest reading, how old it is, its
 * thresholds and where the reading stands against them.
 */
export async function sensors(deps: TemperatureDeps, scope: LocationScope, now = Date.now()) {
  const { organizationId } = scope;
  const org = await organizationOf(deps.db, organizationId);
  const [latest, { rows: devices }] = await Promise.all([
    repo.queryLatest(deps.ch, organizationId),
    listDevices(deps.db, { organizationId, excludeIds: await hiddenDevices(deps.db, scope), limit: 10_000, offset: 0 }),
  ]);
  const thresholds = new Map(temperatureSettingsOf(org.settings).thresholds.map((t) => [sensorKey(t.device_id, t.sensor), t]));
  const byId = new Map(devices.map((d) => [d.id, d]));
  return latest.flatMap((r) => {
    const device = byId.get(r.device_id);
    // A receiver that left the organization (or stands at a location not granted) takes its sensors with it.
    if (!device) return [];
    const t = thresholds.get(sensorKey(r.device_id, r.sensor));
    return [
      {
        device_id: r.device_id,
        receiver: deviceLabel(device.simple_id),
        receiver_name: device.name,
        sensor: r.sensor,
        celsius: round(r.celsius),
        humidity: r.humidity === null ? null : round(r.humidity),
        at: new Date(r.at_ms).toISOString(),
        age_seconds: Math.max(0, Math.round((now - r.at_ms) / 1000)),
        min_celsius: t?.min_celsius ?? null,
        max_celsius: t?.max_celsius ?? null,
        state: stateOf(r.celsius, t),
      },
    ];
  });
}

/** The sensors whose latest reading is outside their thresholds. */
export async function alerts(deps: TemperatureDeps, scope: LocationScope) {
  return (await sensors(deps, scope)).filter((s) => s.state === 'too_hot' || s.state === 'too_cold');
}

/** A receiver of the caller's organization at a location they see; a foreign or missing one is the same 404. */
async function ownDevice(db: Db, scope: LocationScope, deviceId: number) {
  const device = await findDeviceWithOrganization(db, deviceId, scope.organizationId);
  if (!device) throw notFound('device');
  await requireDevice(db, scope, deviceId);
  return device;
}

/** Min/avg/max of one sensor per local hour or day of the period (organization time zone). */
export async function series(
  deps: TemperatureDeps,
  scope: LocationScope,
  q: Parameters<typeof resolvePeriod>[0] & { device_id: number; sensor: string; granularity: 'hour' | 'day' },
) {
  const { organizationId } = scope;
  const org = await organizationOf(deps.db, organizationId);
  await ownDevice(deps.db, scope, q.device_id);
  const p = resolvePeriod(q, org.timezone);
  const rows = await repo.querySeries(deps.ch, {
    organizationId,
    deviceId: q.device_id,
    sensor: q.sensor,
    from: p.from,
    to: p.to,
    timeZone: org.timezone,
    granularity: q.granularity,
  });
  return {
    period: { from: p.from.toISOString(), to: p.to.toISOString(), first_day: p.firstDay, last_day: p.lastDay, time_zone: org.timezone },
    granularity: q.granularity,
    device_id: q.device_id,
    sensor: q.sensor,
    points: rows.map((r) => ({
      bucket: r.bucket,
      readings: r.n,
      min_celsius: round(r.min_c),
      avg_celsius: round(r.avg_c),
      max_celsius: round(r.max_c),
      avg_humidity: r.avg_h === null ? null : round(r.avg_h),
    })),
  };
}

export async function thresholds(db: Db, scope: LocationScope) {
  const hidden = new Set(await hiddenDevices(db, scope));
  return temperatureSettingsOf((await organizationOf(db, scope.organizationId)).settings).thresholds.filter((t) => !hidden.has(t.device_id));
}

/** Sets (or, with both bounds null, keeps as "no alerts") one sensor's thresholds. */
export async function setThreshold(db: Db, scope: LocationScope, deviceId: number, sensor: string, t: SensorThreshold) {
  await ownDevice(db, scope, deviceId);
  const entry = { device_id: deviceId, sensor, min_celsius: t.min_celsius, max_celsius: t.max_celsius };
  await db.transaction(async (trx) => {
    let before: SensorThreshold | undefined;
    await repo.updateTemperatureSettings(trx, scope.organizationId, (s) => {
      before = s.thresholds.find((x) => sensorKey(x.device_id, x.sensor) === sensorKey(deviceId, sensor));
      return { thresholds: [...s.thresholds.filter((x) => sensorKey(x.device_id, x.sensor) !== sensorKey(deviceId, sensor)), entry] };
    });
    await recordChange(trx, { action: 'temperature.threshold.set', object: thresholdObject(deviceId, sensor), before: before && bounds(before), after: bounds(entry) });
  });
  return entry;
}

/** Removes one sensor's thresholds (no alerts for it any more). */
export async function removeThreshold(db: Db, scope: LocationScope, deviceId: number, sensor: string): Promise<void> {
  await ownDevice(db, scope, deviceId);
  await db.transaction(async (trx) => {
    let before: SensorThreshold | undefined;
    await repo.updateTemperatureSettings(trx, scope.organizationId, (s) => {
      before = s.thresholds.find((x) => sensorKey(x.device_id, x.sensor) === sensorKey(deviceId, sensor));
      return { thresholds: s.thresholds.filter((x) => sensorKey(x.device_id, x.sensor) !== sensorKey(deviceId, sensor)) };
    });
    await recordChange(trx, { action: 'temperature.threshold.remove', object: thresholdObject(deviceId, sensor), before: before ? bounds(before) : {} });
  });
}

const thresholdObject = (deviceId: number, sensor: string) => ({ type: 'threshold', id: `${deviceId}/${sensor}`, label: sensor });
const bounds = (t: SensorThreshold) => ({ min_celsius: t.min_celsius, max_celsius: t.max_celsius });
