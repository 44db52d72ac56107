import { SensorId, SensorThreshold } from '../../../core/products/temperature.ts';
import type { ApiContext } from '../../context.ts';
import { z } from '../../http/openapi.ts';
import type { ApiRouter } from '../../http/router.ts';
import { PeriodQuery } from '../../services/period.ts';
import * as temperature from './service.ts';

// Declared in core (before the OpenAPI extension loads), so they are named the plain zod way.
const Threshold = SensorThreshold.meta({ id: 'TemperatureThreshold' });

const SensorView = z
  .object({
    device_id: z.number().int(),
    receiver: z.string(),
    receiver_name: z.string(),
    sensor: z.string(),
    celsius: z.number(),
    humidity: z.number().nullable(),
    at: z.string().describe('when the latest reading was taken'),
    age_seconds: z.number().int(),
    min_celsius: z.number().nullable(),
    max_celsius: z.number().nullable(),
    state: z.enum(['ok', 'too_cold', 'too_hot', 'no_thresholds']),
  })
  .openapi('TemperatureSensor');

const SeriesView = z
  .object({
    period: z.object({ from: z.string(), to: z.string(), first_day: z.string(), last_day: z.string(), time_zone: z.string() }),
    granularity: z.enum(['hour', 'day']),
    device_id: z.number().int(),
    sensor: z.string(),
    points: z.array(
      z.object({
        bucket: z.string().describe('local date (day) or local hour start (hour)'),
        readings: z.number().int(),
        min_celsius: z.number(),
        avg_celsius: z.number(),
        max_celsius: z.number(),
        avg_humidity: z.number().nullable(),
      }),
    ),
  })
  .openapi('TemperatureSeries');

const ThresholdView = z
  .object({ device_id: z.number().int(), sensor: z.string(), min_celsius: z.number().nullable(), max_celsius: z.number().nullable() })
  .openapi('TemperatureSensorThreshold');

const SensorParams = z.object({ device_id: z.coerce.number().int().positive(), sensor: SensorId });

/** /client/temperature/*: Temperature Monitoring for organizations that have it enabled. */
export function temperatureRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['client: temperature'];
  const view = { client: 'view_analytics', product: 'temperature' } as const;
  const configure = { client: 'configure_devices', product: 'temperature' } as const;

  router.route({
    method: 'get',
    path: '/client/temperature/sensors',
    summary: 'Every sensor: latest reading, its age, thresholds and where the reading stands',
    tags,
    guard: view,
    response: z.object({ sensors: z.array(SensorView) }),
    handler: async ({ scope }) => ({ sensors: await temperature.sensors(ctx, scope) }),
  });

  router.route({
    method: 'get',
    path: '/client/temperature/alerts',
    summary: 'The sensors whose latest reading is outside their thresholds',
    tags,
    guard: view,
    response: z.object({ alerts: z.array(SensorView) }),
    handler: async ({ scope }) => ({ alerts: await temperature.alerts(ctx, scope) }),
  });

  router.route({
    method: 'get',
    path: '/client/temperature/series',
    summary: 'One sensor: min, average and max per local hour or day of the period',
    tags,
    guard: view,
    query: z.object({
      ...PeriodQuery,
      device_id: z.coerce.number().int().positive(),
      sensor: SensorId,
      granularity: z.enum(['hour', 'day']).default('hour'),
    }),
    response: SeriesView,
    handler: ({ scope, query }) => temperature.series(ctx, scope, query),
  });

  router.route({
    method: 'get',
    path: '/client/temperature/thresholds',
    summary: 'Alert thresholds of every sensor that has them',
    tags,
    guard: view,
    response: z.object({ thresholds: z.array(ThresholdView) }),
    handler: async ({ scope }) => ({ thresholds: await temperature.thresholds(ctx.db, scope) }),
  });

  router.route({
    method: 'put',
    path: '/client/temperature/thresholds/:device_id/:sensor',
    summary: "Set a sensor's thresholds: too cold below min_celsius, too hot above max_celsius",
    tags,
    guard: configure,
    params: SensorParams,
    body: Threshold,
    response: ThresholdView,
    handler: ({ scope, params, body }) => temperature.setThreshold(ctx.db, scope, params.device_id, params.sensor, body),
  });

  router.route({
    method: 'delete',
    path: '/client/temperature/thresholds/:device_id/:sensor',
    summary: "Remove a sensor's thresholds",
    tags,
    guard: configure,
    params: SensorParams,
    status: 204,
    handler: ({ scope, params }) => temperature.removeThreshold(ctx.db, scope, params.device_id, params.sensor),
  });
}
