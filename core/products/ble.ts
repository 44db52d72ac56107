import { z } from 'zod';
import { positiveInt } from '../env.ts';
import { defineProduct } from './product.ts';

const number = (min: number, max: number) => z.coerce.number().min(min).max(max);

/** BLE Tracking: iBeacon tags seen by the scanners, positioned on floor plans. */
export const ble = defineProduct({
  name: 'ble',
  title: 'BLE Tracking',
  eventTable: 'ble_events',
  // prototype config: BLE scanning is on by default, batches every 2.5 s.
  deviceConfig: z.looseObject({
    enabled: z.boolean().default(true),
    batch_interval_ms: z.number().int().min(100).max(3_600_000).default(2500),
  }),
  // The positioning engine's installation-wide defaults; an organization may override each (PositioningParams).
  settings: z
    .object({
      /** A tag heard anew is fixed again once its last fix is this old (the issue: at most 5 s). */
      BLE_FIX_INTERVAL_MS: positiveInt.min(500).max(5000).default(1000),
      /** Path-loss exponent n of d = 10^((P1m − RSSI)/(10·n)); indoors 2.5–3.5 (ANALYTICS.md). */
      BLE_PATH_LOSS_EXPONENT: number(2, 4).default(3),
      /** RSSI readings older than this are ignored. */
      BLE_RSSI_MAX_AGE_MS: positiveInt.max(30_000).default(10_000),
      /** A zone visit ends after this long without a fix. */
      BLE_VISIT_TIMEOUT_MS: positiveInt.default(30_000),
      /** Fixes implying a faster move are limited to this speed (m/s). */
      BLE_MAX_SPEED_MPS: number(0.5, 20).default(2),
      /** How often the engine re-reads plans, zones, receivers, tags and organization overrides. */
      BLE_SITE_RELOAD_MS: positiveInt.default(10_000),
      /** Live rounds: fixes due are computed and announced at most this often after readings arrive. */
      BLE_ROUND_MS: positiveInt.max(1000).default(200),
      /** A fix waits this long (wall clock) for a receiver that reported recently to send its readings of the instant. */
      BLE_RECEIVER_WAIT_MS: positiveInt.max(30_000).default(3000),
      /** Fixes (ble_positions) expire after this many days; visits and the aggregates are kept. */
      BLE_POSITIONS_RETENTION_DAYS: positiveInt.default(30),
    })
    .transform((e) => ({
      params: {
        fix_interval_ms: e.BLE_FIX_INTERVAL_MS,
        path_loss_exponent: e.BLE_PATH_LOSS_EXPONENT,
        rssi_max_age_ms: e.BLE_RSSI_MAX_AGE_MS,
        visit_timeout_ms: e.BLE_VISIT_TIMEOUT_MS,
        max_speed_mps: e.BLE_MAX_SPEED_MPS,
      },
      siteReloadMs: e.BLE_SITE_RELOAD_MS,
      roundMs: e.BLE_ROUND_MS,
      receiverWaitMs: e.BLE_RECEIVER_WAIT_MS,
      positionsRetentionDays: e.BLE_POSITIONS_RETENTION_DAYS,
    })),
});

/**
 * The positioning parameters of one organization (table ble_positioning_settings, migration 014): any
 * key it leaves out takes the installation's default (BLE_* variables) or the default here.
 * docs/ble-positioning.md explains each.
 */
export const PositioningParams = z.object({
  fix_interval_ms: z.number().int().min(500).max(5000).default(1000),
  path_loss_exponent: z.number().min(2).max(4).default(3),
  /** RSSI at 1 m for tags that advertise tx_power 0 (iBeacon's usual calibration). */
  default_tx_power: z.number().int().min(-100).max(0).default(-59),
  /** Median window of a receiver's readings of a tag. */
  rssi_window_ms: z.number().int().min(1000).max(30_000).default(4000),
  rssi_max_age_ms: z.number().int().min(1000).max(30_000).default(10_000),
  /** Height a tag is carried at: the receiver's mounting height above it is taken out of the distance. */
  tag_height_m: z.number().min(0).max(5).default(1),
  /** Distances beyond this are capped: far readings say "far", not how far. */
  max_distance_m: z.number().min(5).max(100).default(20),
  max_speed_mps: z.number().min(0.5).max(20).default(2),
  /** Hysteresis: a new zone is taken once consecutive fixes in it add up this much depth inside it (m)… */
  zone_evidence_m: z.number().min(0).max(20).default(2),
  /** …each fix counting for at most zone_max_step_m… */
  zone_max_step_m: z.number().min(0.1).max(10).default(2),
  /** …and only beyond zone_shallow_m (a tag standing on a boundary scatters about that far either side)… */
  zone_shallow_m: z.number().min(0).max(5).default(1),
  /** …or after this many consecutive fixes in it, however shallow. */
  zone_fixes_any: z.number().int().min(1).max(60).default(20),
  visit_timeout_ms: z.number().int().min(5000).max(600_000).default(30_000),
});

export type PositioningParams = z.output<typeof PositioningParams>;

/** An organization's parameters: its stored overrides over the installation's defaults; bad stored keys fall back. */
export function positioningParams(defaults: Partial<PositioningParams>, overrides: Record<string, unknown>): PositioningParams {
  const merged = PositioningParams.safeParse({ ...defaults, ...overrides });
  return merged.success ? merged.data : PositioningParams.parse(defaults);
}
