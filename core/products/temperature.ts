import { z } from 'zod';
import { defineProduct } from './product.ts';

/** Temperature Monitoring: readings of the sensors wired to the scanners, with per-sensor alert thresholds. */
export const temperature = defineProduct({
  name: 'temperature',
  title: 'Temperature Monitoring',
  eventTable: 'temperature_readings',
  // Off until an admin switches it on (most scanners have no sensor); one reading a minute per sensor.
  deviceConfig: z.looseObject({
    enabled: z.boolean().default(false),
    interval_ms: z.number().int().min(1000).max(3_600_000).default(60_000),
  }),
  settings: z.object({}),
});

/** A sensor: which receiver it is wired to and its id there (`t1`). */
export const SensorId = z.string().min(1).max(32);

/** Too cold below `min_celsius`, too hot above `max_celsius`; either may be absent (no alert that way). */
export const SensorThreshold = z
  .object({
    min_celsius: z.number().min(-60).max(125).nullable().default(null),
    max_celsius: z.number().min(-60).max(125).nullable().default(null),
  })
  .refine((t) => t.min_celsius === null || t.max_celsius === null || t.min_celsius < t.max_celsius, {
    message: 'min_celsius must be below max_celsius',
    path: ['max_celsius'],
  });
export type SensorThreshold = z.output<typeof SensorThreshold>;

/** What an organization stores for Temperature (organizations.settings.temperature). */
export const TemperatureSettings = z.object({
  thresholds: z
    .array(SensorThreshold.and(z.object({ device_id: z.number().int().positive(), sensor: SensorId })))
    .max(1000)
    .default([]),
});
export type TemperatureSettings = z.output<typeof TemperatureSettings>;

/** The organization's Temperature settings, empty for anything it never set. */
export function temperatureSettingsOf(settings: Record<string, unknown>): TemperatureSettings {
  const parsed = TemperatureSettings.safeParse(settings.temperature ?? {});
  // Validated on write; an unreadable value must not take the dashboard down.
  return parsed.success ? parsed.data : { thresholds: [] };
}
