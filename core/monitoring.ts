import { z } from 'zod';

/**
 * Shapes of the monitoring API's answers. The server's types are inferred from these schemas, and the API
 * serves them in its OpenAPI document (the `id`s name the components), from which the web UI's types are
 * generated: one source for both sides.
 */

const Instant = z.string().meta({ format: 'date-time' });

/**
 * `GET /api/v1/monitoring/host`, the prototype's planned shape (spec 000). Units: cpu.usage and every
 * `percent` in %, memory and disk usage in MB, network and disk io in bytes since boot.
 */
export const HostSnapshot = z
  .object({
    cpu: z.object({ usage: z.number().describe('% busy over the last sample interval'), cores: z.number().int() }),
    memory: z.object({ total: z.number().describe('MB'), used: z.number().describe('MB'), percent: z.number() }),
    network: z.object({ rx_bytes: z.number().describe('since boot, all interfaces but loopback'), tx_bytes: z.number() }),
    load: z.object({ '1m': z.number(), '5m': z.number(), '15m': z.number() }),
    disk: z.object({
      io: z.object({ read_bytes: z.number().describe('since boot, whole disks'), write_bytes: z.number() }),
      usage: z.object({ total: z.number().describe('MB, the filesystem of the data dir'), used: z.number(), percent: z.number() }),
    }),
    timestamp: Instant,
  })
  .meta({ id: 'HostSnapshot' });
export type HostSnapshot = z.infer<typeof HostSnapshot>;

/** One point of the live charts: host rates and the platform's own figures over the interval before `at`. */
export const MonitoringSample = z
  .object({
    at: Instant,
    cpu_percent: z.number(),
    memory_percent: z.number(),
    load_1m: z.number(),
    disk_percent: z.number(),
    network_rx_bytes_per_second: z.number(),
    network_tx_bytes_per_second: z.number(),
    disk_read_bytes_per_second: z.number(),
    disk_write_bytes_per_second: z.number(),
    devices_online: z.number().int(),
    events_per_second: z.number(),
    queue_depth: z.number().int(),
    // Mean INSERT (group commit) time over the interval; null when nothing was flushed.
    insert_ms: z.number().nullable(),
  })
  .meta({ id: 'MonitoringSample' });
export type MonitoringSample = z.infer<typeof MonitoringSample>;
