import { timingSafeEqual } from 'node:crypto';
import { AppError, conflict, forbidden, unauthorized, validationFailed } from '../../core/errors.ts';
import { sha256Hex } from '../../core/ids.ts';
import { isUnicastMac, normalizeMac } from '../../core/mac.ts';
import type { Db } from '../../core/postgres.ts';
import { applyPresence } from '../../db/repositories/device-presence.ts';
import type { Entitlement } from '../../db/repositories/device-credentials.ts';
import { findDeviceByTokenHash } from '../../db/repositories/device-registration.ts';
import { findDeviceByMac, type DeviceRow } from '../../db/repositories/devices.ts';
import { createDevice, rotateDeviceToken, type DeviceDeps } from './devices.ts';
import { getAutoRegistration, noteAutoRegisteredDevice } from './settings.ts';

/**
 * How a device gets its credentials by asking (POST /api/v1/registration, legacy and MQTT-native
 * scanners alike) and how the legacy HTTP bridge checks a device token. Creating a device and rotating
 * its token are the device service's (the superadmin's pre-registration uses the same functions).
 */
export interface IssuedCredentials {
  device: DeviceRow;
  token: string;
  devicePassword: string;
  change: 'registered' | 'token_rotated';
}

/**
 * Unknown MAC: created (unbound) only while auto-registration is on. Known MAC: the token is rotated
 * and returned when the device has never been seen (the superadmin pre-created it and the device now
 * claims it), or when it is still unbound and auto-registration is on (a reflashed scanner that lost
 * its token). A bound device that has been in service keeps its token: only the superadmin may rotate
 * it, so knowing a MAC is not enough to take over a client's scanner.
 */
export async function registerDevice(deps: DeviceDeps, rawMac: string): Promise<IssuedCredentials> {
  const mac = requireMac(rawMac, 'body');
  const existing = await findDeviceByMac(deps.db, mac);
  if (existing) return reissueToken(deps, existing);
  if (!(await getAutoRegistration(deps.db)).enabled) {
    throw new AppError(
      403,
      'auto_registration_disabled',
      `Device ${mac} is not registered and auto-registration is off: ask the platform superadmin to pre-register it or to enable auto-registration`,
      { mac },
    );
  }
  try {
    const created = await createDevice(deps, { mac });
    await noteAutoRegisteredDevice(deps.db, created.device.registered_at);
    return { ...created, change: 'registered' };
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'device_exists')) throw err;
    // Lost a race with a concurrent registration of the same MAC: answer as a re-registration.
    const winner = await findDeviceByMac(deps.db, mac);
    if (!winner) throw err;
    return reissueToken(deps, winner);
  }
}

/**
 * Resolves the device a legacy GET /config names by MAC; the token must be that device's, and records
 * that it was seen. A wrong token and an unknown MAC get the same answer.
 */
export async function authenticateDeviceToken(db: Db, token: string | undefined, mac: string): Promise<DeviceRow> {
  const hash = requireToken(token);
  return admitDevice(db, await findDeviceByMac(db, requireMac(mac, 'query')), hash, `Device token is not valid for device ${mac}`);
}

/**
 * Resolves the device a legacy batch upload comes from by its token alone, with what its organization
 * may store now (one query per upload, as before), and records that it was seen.
 */
export async function authenticateUploader(db: Db, token: string | undefined): Promise<DeviceRow & Entitlement> {
  const hash = requireToken(token);
  return admitDevice(db, await findDeviceByTokenHash(db, hash), hash, 'Device token is not valid');
}

function requireToken(token: string | undefined): string {
  if (!token) {
    throw unauthorized('device_token_missing', 'Send the device token as "Authorization: Bearer <token>" (issued by POST /api/v1/registration)');
  }
  return sha256Hex(token);
}

async function admitDevice<D extends DeviceRow>(db: Db, device: D | undefined, hash: string, invalid: string): Promise<D> {
  if (!device || !sameHash(device.token_hash, hash)) throw unauthorized('device_token_invalid', invalid);
  if (device.status === 'blocked') throw forbidden(`Device ${device.mac} is blocked`, 'device_blocked');
  // Legacy daemons have no MQTT session, so their requests are what "seen" means for them; like the
  // broker's presence, to about 10 s, not one UPDATE per request.
  if (!device.http_seen_at || Date.now() - device.http_seen_at.getTime() > SEEN_RESOLUTION_MS) {
    const now = new Date();
    await applyPresence(db, [{ deviceId: device.id, lastSeenAt: now, httpSeenAt: now }]);
  }
  return device;
}

const SEEN_RESOLUTION_MS = 10_000;

async function reissueToken(deps: DeviceDeps, device: DeviceRow): Promise<IssuedCredentials> {
  if (device.status === 'blocked') throw forbidden(`Device ${device.mac} is blocked`, 'device_blocked');
  if (device.last_seen_at !== null) {
    const why =
      device.organization_id !== null
        ? 'is already registered and in service'
        : !(await getAutoRegistration(deps.db)).enabled
          ? 'is already registered and auto-registration is off'
          : null;
    if (why) {
      throw conflict('device_already_registered', `Device ${device.mac} ${why}; its token can only be rotated by the platform superadmin`, {
        mac: device.mac,
      });
    }
  }
  const token = await rotateDeviceToken(deps, device.id);
  return { device, token, devicePassword: device.device_password, change: 'token_rotated' };
}

function requireMac(input: string, where: 'body' | 'query'): string {
  const mac = normalizeMac(input);
  // A group or all-zero address is no network card's own: registering one would make a device of noise.
  if (!mac || !isUnicastMac(mac)) {
    throw validationFailed(
      [{ in: where, path: where === 'body' ? 'mac' : 'device_id', message: 'must be a unicast MAC address like aa:bb:cc:dd:ee:ff' }],
      `Invalid MAC address: ${JSON.stringify(input)}`,
    );
  }
  return mac;
}

// Both sides are fixed-length hex digests, so a constant-time compare is cheap.
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
