import type { DeviceLink } from '../../broker/server.ts';
import type { CommandAck, DeviceCommand } from '../../broker/commands.ts';
import { notFound } from '../../core/errors.ts';
import type { Db } from '../../core/postgres.ts';
import { findDeviceById } from '../../db/repositories/devices.ts';
import { recordAudit } from './audit/record.ts';
import { deviceObject } from './devices.ts';

/** Sends a command to a device by id and waits for its ack (404 unknown device, 409 offline, 504 no ack in time). */
export async function sendDeviceCommand(
  deps: { db: Db; deviceLink: DeviceLink },
  deviceId: number,
  command: DeviceCommand,
  timeoutMs: number,
): Promise<CommandAck> {
  const device = await findDeviceById(deps.db, deviceId);
  if (!device) throw notFound('device');
  const ack = await deps.deviceLink.sendCommand(device.mac, command, timeoutMs);
  // Recorded once the device answered: an offline device or a timeout changed nothing.
  await recordAudit(deps.db, {
    kind: 'update',
    action: 'device.command',
    organizationId: device.organization_id,
    object: { ...deviceObject(device), type: 'device_command' },
    details: { command: command.name, args: command.args, ack },
  });
  return ack;
}
