import { z } from 'zod';
import { positiveInt } from '../env.ts';
import { defineProduct } from './product.ts';

/** WiFi Analytics: visitors, visits, dwell and vendors from the probe requests scanners hear. */
export const wifi = defineProduct({
  name: 'wifi',
  title: 'WiFi Analytics',
  eventTable: 'wifi_events',
  // prototype config: WiFi scanning (monitor mode) is off until an admin switches it on.
  deviceConfig: z.looseObject({
    monitor_enabled: z.boolean().default(false),
    batch_interval_ms: z.number().int().min(100).max(3_600_000).optional(),
  }),
  settings: z
    .object({
      /** How often the sessionizer turns new presence into visits. */
      WIFI_SESSIONIZE_INTERVAL_MS: positiveInt.default(5000),
      /** Raw WiFi events expire after this many days; the aggregates dashboards read are kept. */
      WIFI_RAW_RETENTION_DAYS: positiveInt.default(90),
    })
    .transform((e) => ({ sessionizeIntervalMs: e.WIFI_SESSIONIZE_INTERVAL_MS, rawRetentionDays: e.WIFI_RAW_RETENTION_DAYS })),
});

/**
 * How raw sightings become visits and visitors, per organization (organizations.settings.wifi).
 * Defaults follow the published practice collected in ANALYTICS.md; docs/wifi-metrics.md explains each.
 * The floor and the gap shape visits (the sessionizer rebuilds an organization's visits when they
 * change); the visitor RSSI and minimum visit length are applied when metrics are queried.
 */
export const WifiThresholds = z
  .object({
    /** Minutes whose strongest reading is weaker than this are ignored (noise, the street, the floor above). */
    rssi_floor_dbm: z.number().int().min(-120).max(-30).default(-85),
    /** A visit counts only if its strongest reading reaches this: the device was inside, not passing by. */
    visitor_rssi_dbm: z.number().int().min(-120).max(-30).default(-75),
    /** A visit counts only if it lasts at least this long (first to last sighting). */
    min_visit_minutes: z.number().int().min(0).max(240).default(5),
    /** A visit ends after this long without sightings; the next sighting starts a new visit. */
    visit_gap_minutes: z.number().int().min(1).max(1440).default(15),
  })
  .refine((t) => t.visitor_rssi_dbm >= t.rssi_floor_dbm, {
    message: 'visitor_rssi_dbm must not be weaker than rssi_floor_dbm',
    path: ['visitor_rssi_dbm'],
  });

export type WifiThresholds = z.output<typeof WifiThresholds>;

/** The organization's thresholds with defaults for anything it never set. */
export function thresholdsOf(settings: Record<string, unknown>): WifiThresholds {
  const parsed = WifiThresholds.safeParse(settings.wifi ?? {});
  // Stored settings were validated on write; fall back to defaults rather than fail a dashboard.
  return parsed.success ? parsed.data : WifiThresholds.parse({});
}
