import { timingSafeEqual } from 'node:crypto';
import type { Bus, DeviceChange } from '../../core/bus.ts';
import { AppError, conflict, forbidden, notFound, unauthorized, validationFailed } from '../../core/errors.ts';
import { newDevicePassword, newDeviceToken, sha256Hex } from '../../core/ids.ts';
import type { Logger } from '../../core/logger.ts';
import { normalizeMac } from '../../core/mac.ts';
import type { Db } from '../../core/postgres.ts';
import { findDeviceByTokenHash, stampAutoRegisteredDevice, touchDeviceSeen } from '../../db/repositories/device-registration.ts';
import { findDeviceByMac, insertDevice, updateDevice, type DeviceRow } from '../../db/repositories/devices.ts';
import { getSetting } from '../../db/repositories/settings.ts';

/**
 * The one place that creates devices and hands out their credentials: superadmin pre-registration,
 * auto-registration of legacy/MQTT devices (POST /api/v1/registration), and the device-token check
 * of the legacy HTTP bridge.
 */
export interface RegistrationDeps {
  db: Db;
  bus: Bus;
  log: Logger;
}

/** A device together with the secrets just issued for it; the token is shown once and only stored hashed. */
export interface DeviceCredentials {
  device: DeviceRow;
  token: string;
  devicePassword: string;
}

export interface AutoRegistrationSetting {
  enabled: boolean;
  last_device_at: string | null;
}

export const AUTO_REGISTRATION_KEY = 'auto_registration';

/** Off until the superadmin turns it on: an unknown scanner must not get credentials by asking. */
export const AUTO_REGISTRATION_DEFAULT: AutoRegistrationSetting = { enabled: false, last_device_at: null };

export const readAutoRegistration = (db: Db) => getSetting(db, AUTO_REGISTRATION_KEY, AUTO_REGISTRATION_DEFAULT);

/** Superadmin pre-registration: creates a device with fresh credentials; a MAC already known is a conflict. */
export async function preRegisterDevice(
  deps: RegistrationDeps,
  input: { mac: string; name?: string; organizationId?: number | null },
): Promise<DeviceCredentials> {
  const mac = requireMac(input.mac);
  const created = await createDevice(deps, { mac, name: input.name, organizationId: input.organizationId ?? null });
  if (!created) throw deviceExists(mac);
  return created;
}

/**
 * A device asks for credentials (POST /api/v1/registration). Unknown MAC: created only while
 * auto-registration is on. Known MAC: the token is rotated and returned when the device has never
 * been seen (the superadmin pre-created it and the device now claims it), or when it is still unbound
 * and auto-registration is on (a reflashed scanner that lost its token). A bound device that has been
 * in service keeps its token: only the superadmin may rotate it, so knowing a MAC is not enough to take
 * over a client's scanner.
 */
export async function registerDevice(
  deps: RegistrationDeps,
  rawMac: string,
): Promise<DeviceCredentials & { change: Extract<DeviceChange, 'registered' | 'token_rotated'> }> {
  const mac = requireMac(rawMac);
  const existing = await findDeviceByMac(deps.db, mac);
  if (existing) return { ...(await reissueToken(deps, existing)), change: 'token_rotated' };

  const setting = await readAutoRegistration(deps.db);
  if (!setting.enabled) {
    throw new AppError(
      403,
      'auto_registration_disabled',
      `Device ${mac} is not registered and auto-registration is off: ask the platform superadmin to pre-register it or to enable auto-registration`,
      { mac },
    );
  }
  const created = await createDevice(deps, { mac, organizationId: null });
  if (!created) {
    // Lost a race with a concurrent registration of the same MAC: treat it as a re-registration.
    const winner = await findDeviceByMac(deps.db, mac);
    if (!winner) throw deviceExists(mac);
    return { ...(await reissueToken(deps, winner)), change: 'token_rotated' };
  }
  await stampAutoRegisteredDevice(deps.db, created.device.registered_at);
  return { ...created, change: 'registered' };
}

/**
 * Resolves the device a legacy request's token belongs to. With a MAC (GET /config?device_id=…) the
 * token must be that device's; without one (POST /ble, /wifi) the token alone names the device.
 * A wrong token and an unknown MAC get the same answer.
 */
export async function authenticateDeviceToken(db: Db, token: string | undefined, mac?: string): Promise<DeviceRow> {
  if (!token) {
    throw unauthorized('device_token_missing', 'Send the device token as "Authorization: Bearer <token>" (issued by POST /api/v1/registration)');
  }
  const hash = sha256Hex(token);
  const device = mac === undefined ? await findDeviceByTokenHash(db, hash) : await findDeviceByMac(db, requireMac(mac, 'query'));
  if (!device || !sameHash(device.token_hash, hash)) {
    throw unauthorized('device_token_invalid', mac === undefined ? 'Device token is not valid' : `Device token is not valid for device ${mac}`);
  }
  if (device.status === 'blocked') throw forbidden(`Device ${device.mac} is blocked`, 'device_blocked');
  await touchDeviceSeen(db, device.id, SEEN_RESOLUTION_SECONDS);
  return device;
}

// A legacy daemon posts every few seconds; last_seen_at only needs minute resolution, not a write per request.
const SEEN_RESOLUTION_SECONDS = 30;

async function createDevice(
  deps: RegistrationDeps,
  input: { mac: string; name?: string; organizationId: number | null },
): Promise<DeviceCredentials | null> {
  const token = newDeviceToken();
  const devicePassword = newDevicePassword();
  let device: DeviceRow;
  try {
    device = await insertDevice(deps.db, {
      mac: input.mac,
      name: input.name ?? '',
      organization_id: input.organizationId,
      token_hash: sha256Hex(token),
      device_password: devicePassword,
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '23505') return null; // unique MAC taken
    if (code === '23503') throw notFound('organization');
    throw err;
  }
  announce(deps, device, 'registered');
  return { device, token, devicePassword };
}

async function reissueToken(deps: RegistrationDeps, device: DeviceRow): Promise<DeviceCredentials> {
  if (device.status === 'blocked') throw forbidden(`Device ${device.mac} is blocked`, 'device_blocked');
  if (device.last_seen_at !== null) {
    const hint = 'its token can only be rotated by the platform superadmin';
    if (device.organization_id !== null) {
      throw conflict('device_already_registered', `Device ${device.mac} is already registered and in service; ${hint}`, { mac: device.mac });
    }
    if (!(await readAutoRegistration(deps.db)).enabled) {
      throw conflict('device_already_registered', `Device ${device.mac} is already registered and auto-registration is off; ${hint}`, {
        mac: device.mac,
      });
    }
  }
  const token = newDeviceToken();
  const updated = await updateDevice(deps.db, device.id, { token_hash: sha256Hex(token) });
  if (!updated) throw notFound('device');
  announce(deps, updated, 'token_rotated');
  return { device: updated, token, devicePassword: updated.device_password };
}

function announce(deps: RegistrationDeps, device: DeviceRow, change: 'registered' | 'token_rotated'): void {
  deps.log.info({ device: device.mac, simple_id: device.simple_id, change }, 'device registration');
  deps.bus.emit('device.changed', { deviceId: device.id, mac: device.mac, change });
}

function requireMac(input: string, where: 'body' | 'query' = 'body'): string {
  const mac = normalizeMac(input);
  if (!mac) {
    throw validationFailed([{ in: where, path: where === 'body' ? 'mac' : 'device_id', message: 'must be a MAC address like aa:bb:cc:dd:ee:ff' }], `Invalid MAC address: ${JSON.stringify(input)}`);
  }
  return mac;
}

const deviceExists = (mac: string) => conflict('device_exists', `A device with MAC ${mac} already exists`, { mac });

// Both sides are fixed-length hex digests, so a constant-time compare is cheap.
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
