import type { Request, RequestHandler } from 'express';
import { validationFailed } from '../../core/errors.ts';
import { mergedDeviceConfig } from '../../core/device-config.ts';
import type { ApiContext } from '../context.ts';
import type { ApiRouter } from '../http/router.ts';
import { authenticateDeviceToken, registerDevice } from '../services/device-registration.ts';

/**
 * The prototype's device endpoints, kept byte-compatible for legacy scanner daemons:
 * POST /registration, GET /config?device_id=MAC. They authenticate with the device token, not a user
 * JWT, so they are plain Express handlers beside the ApiRouter's routes (whose guard resolves JWTs).
 */
export function legacyBridgeRoutes(router: ApiRouter, ctx: ApiContext): void {
  const deps = { db: ctx.db, bus: ctx.bus, log: ctx.log };

  router.express.post(
    '/registration',
    handle(async (req) => {
      const issued = await registerDevice(deps, registrationMac(req.body));
      return {
        device_id: issued.device.mac,
        simple_id: issued.device.simple_id,
        device_token: issued.token,
        device_password: issued.devicePassword,
      };
    }),
  );

  router.express.get(
    '/config',
    handle(async (req) => {
      const device = await authenticateDeviceToken(ctx.db, bearerToken(req), configDeviceId(req.query));
      // The prototype answered the merged config itself; `version` is what a config ack refers to.
      return { ...mergedDeviceConfig(device.config_overrides), version: device.config_version };
    }),
  );
}

// brief (prototype notes): the daemon sends its MAC; `device_id` is the same MAC under the name GET /config uses.
function registrationMac(body: unknown): string {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const mac = b.mac ?? b.device_id;
  if (typeof mac !== 'string' || mac === '') {
    throw validationFailed([{ in: 'body', path: 'mac', message: 'required string' }], 'Send the device MAC as JSON {"mac": "aa:bb:cc:dd:ee:ff"}');
  }
  return mac;
}

function configDeviceId(query: Request['query']): string {
  const id = query.device_id;
  if (typeof id !== 'string' || id === '') {
    throw validationFailed([{ in: 'query', path: 'device_id', message: 'required string' }], 'Pass the device MAC as ?device_id=aa:bb:cc:dd:ee:ff');
  }
  return id;
}

const bearerToken = (req: Request) => req.get('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];

function handle(fn: (req: Request) => Promise<unknown>): RequestHandler {
  return (req, res, next) => {
    fn(req).then((body) => res.json(body), next);
  };
}
