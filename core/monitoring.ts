/**
 * Shapes of the monitoring API's answers, shared by the server (monitoring/) and the web UI (which
 * imports them through `$core`), so the two cannot drift apart.
 */

/**
 * `GET /api/v1/monitoring/host`, the prototype's planned shape (spec 000). Units: cpu.usage and every
 * `percent` in %, memory and disk usage in MB, network and disk io in bytes since boot.
 */
export interface HostSnapshot {
  cpu: { usage: number; cores: number };
  memory: { total: number; used: number; percent: number };
  network: { rx_bytes: number; tx_bytes: number };
  load: { '1m': number; '5m': number; '15m': number };
  disk: {
    io: { read_bytes: number; write_bytes: number };
    usage: { total: number; used: number; percent: number };
  };
  timestamp: string;
}

/** One point of the live charts: host rates and the platform's own figures over the interval before `at`. */
export interface MonitoringSample {
  at: string;
  cpu_percent: number;
  memory_percent: number;
  load_1m: number;
  disk_percent: number;
  network_rx_bytes_per_second: number;
  network_tx_bytes_per_second: number;
  disk_read_bytes_per_second: number;
  disk_write_bytes_per_second: number;
  devices_online: number;
  events_per_second: number;
  queue_depth: number;
  /** Mean INSERT (group commit) time over the interval; null when nothing was flushed. */
  insert_ms: number | null;
}
