import express, { type Request, type RequestHandler } from 'express';
import { AppError, forbidden, validationFailed } from '../../core/errors.ts';
import { mergedDeviceConfig } from '../../core/device-config.ts';
import { PRODUCT_NAMES } from '../../core/products.ts';
import type { ApiContext } from '../context.ts';
import { perIpRateLimit } from '../http/rate-limit.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { authenticateDeviceToken, authenticateUploader, registerDevice } from '../services/device-registration.ts';

/** Paths whose body is an event batch: `/ble`, `/wifi`, one per product. */
const BATCH_PATHS = PRODUCT_NAMES.map((name) => `/${name}`);

/**
 * Keeps the exact bytes of legacy batch uploads (mounted before the JSON parser): the ingest queue
 * identifies a batch by its bytes, so a retried post is stored once.
 */
export const legacyBatchBody = (limit: string): RequestHandler => {
  const raw = express.raw({ type: () => true, limit });
  return (req, res, next) => (req.method === 'POST' && BATCH_PATHS.includes(req.path) ? raw(req, res, next) : next());
};

/**
 * The prototype's device endpoints, kept byte-compatible for legacy scanner daemons:
 * POST /registration, GET /config?device_id=MAC, POST /ble and /wifi (one per product). They
 * authenticate with the device token, not a user JWT, so they are plain Express handlers beside the
 * ApiRouter's routes (whose guard resolves JWTs).
 */
export function legacyBridgeRoutes(router: ApiRouter, ctx: ApiContext): void {
  const deps = { db: ctx.db, ch: ctx.ch, bus: ctx.bus };
  documentLegacyRoutes(router);

  router.express.post(
    '/registration',
    // Unauthenticated and it creates rows (with auto-registration on): keep one address from flooding it.
    perIpRateLimit(ctx.config.http.registrationsPerMinutePerIp, 60),
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

  for (const product of PRODUCT_NAMES) {
    router.express.post(
      `/${product}`,
      handle(async (req) => {
        const device = await authenticateUploader(ctx.db, bearerToken(req));
        // Same rule as the broker's CONNECT: events belong to a tenant, so an unbound device has nowhere to write.
        if (device.organization_id === null) {
          throw forbidden(`Device ${device.mac} is not bound to an organization yet; the platform superadmin binds it`, 'device_unbound');
        }
        // The device's MQTT message budget applies here too (one budget, however the device sends).
        if (!ctx.deviceLink.admitMessage(device.id)) {
          throw new AppError(429, 'too_many_requests', `Device ${device.mac} sends more than ${ctx.config.mqtt.maxMessagesPerSecond} batches per second; slow down`, {
            retry_after_seconds: 1,
          });
        }
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (body.length === 0) throw new AppError(400, 'malformed_payload', 'Send the batch as a JSON body: [...] or {"events": [...]}');
        // Answered only once the batch is durable: a 200 means stored, anything else means send it again.
        const sender = { deviceId: device.id, mac: device.mac, organizationId: device.organization_id, products: device.entitled_products };
        const result = await ctx.ingest.submit(sender, product, body);
        return { status: 'ok', stored: result.stored, rejected: result.rejected, duplicate: result.duplicate };
      }),
    );
  }
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

const tags = ['devices: legacy HTTP bridge'];
const Batch = z
  .union([z.array(z.record(z.string(), z.unknown())), z.object({ events: z.array(z.record(z.string(), z.unknown())) })])
  .describe('Events as the device saw them; see docs/device-protocol.md for each product’s fields')
  .openapi('LegacyBatch');

/** The bridge's handlers are plain Express ones (they check device tokens), so their docs are registered here. */
function documentLegacyRoutes(router: ApiRouter): void {
  router.describeDeviceRoute({
    method: 'post',
    path: '/registration',
    summary: 'A scanner registers (auto-registration) or claims its pre-registered credentials',
    tags,
    deviceToken: false,
    body: z.object({ mac: z.string().optional(), device_id: z.string().optional() }).openapi('LegacyRegistration'),
    response: z
      .object({ device_id: z.string(), simple_id: z.number().int(), device_token: z.string(), device_password: z.string() })
      .openapi('LegacyRegistered'),
  });
  router.describeDeviceRoute({
    method: 'get',
    path: '/config',
    summary: "The device's merged config and its version",
    tags,
    deviceToken: true,
    query: z.object({ device_id: z.string().describe('the device MAC') }),
    response: z.record(z.string(), z.unknown()).describe('merged config with `version`'),
  });
  for (const product of PRODUCT_NAMES) {
    router.describeDeviceRoute({
      method: 'post',
      path: `/${product}`,
      summary: `Upload a ${product} batch; 200 only once it is stored (a retry of the same bytes is stored once)`,
      tags,
      deviceToken: true,
      body: Batch,
      response: z
        .object({ status: z.literal('ok'), stored: z.number().int(), rejected: z.number().int(), duplicate: z.boolean() })
        .openapi('LegacyBatchStored'),
    });
  }
}
