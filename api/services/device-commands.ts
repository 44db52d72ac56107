import type { DeviceLink } from '../../broker/server.ts';
import type { CommandAck, DeviceCommand } from '../../broker/commands.ts';
import { notFound } from '../../core/errors.ts';
import type { Db } from '../../core/postgres.ts';
import { findDeviceById } from '../../db/repositories/devices.ts';

/** Sends a command to a device by id and waits for its ack (404 unknown device, 409 offline, 504 no ack in time). */
export async function sendDeviceCommand(
  deps: { db: Db; deviceLink: DeviceLink },
  deviceId: number,
  command: DeviceCommand,
  timeoutMs: number,
): Promise<CommandAck> {
  const device = await findDeviceById(deps.db, deviceId);
  if (!device) throw notFound('device');
  return deps.deviceLink.sendCommand(device.mac, command, timeoutMs);
}
