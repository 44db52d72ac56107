import { z } from '../http/openapi.ts';
import type { ApiContext } from '../context.ts';
import type { ApiRouter } from '../http/router.ts';
import { IdParams } from '../http/schemas.ts';
import { sendDeviceCommand } from '../services/device-commands.ts';

const CommandRequest = z
  .object({
    name: z.string().trim().min(1).max(100).describe('A command the device firmware knows, e.g. "reboot"'),
    args: z.record(z.string(), z.unknown()).optional(),
    timeout_ms: z.number().int().min(100).max(60_000).default(10_000).describe('How long to wait for the ack'),
  })
  .openapi('DeviceCommandRequest');

const CommandAckView = z
  .object({
    id: z.string(),
    ok: z.boolean(),
    result: z.unknown().optional(),
    error: z.string().optional(),
  })
  .openapi('DeviceCommandAck');

/** POST /superadmin/devices/:id/commands: request/response with a connected device over MQTT. */
export function deviceCommandRoutes(router: ApiRouter, ctx: ApiContext): void {
  router.route({
    method: 'post',
    path: '/superadmin/devices/:id/commands',
    summary: "Send a command to a connected device and wait for its ack (409 device_offline, 504 command_timeout)",
    tags: ['superadmin: devices'],
    guard: 'superadmin',
    params: IdParams,
    body: CommandRequest,
    response: CommandAckView,
    handler: async ({ params, body }) =>
      sendDeviceCommand(ctx, params.id, { name: body.name, args: body.args }, body.timeout_ms),
  });
}
