import type { DeviceLink } from '../broker/server.ts';
import type { Bus } from '../core/bus.ts';
import type { ClickHouseClient } from '../core/clickhouse.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import type { IngestQueue } from '../ingest/types.ts';
import type { Monitoring } from '../monitoring/index.ts';
import type { AuthDeps } from './services/auth.ts';
import type { ExportJobs } from './services/export-jobs.ts';

/** What route modules get: stores, settings and the pieces of the platform they talk to. */
export interface ApiContext {
  config: Readonly<Config>;
  log: Logger;
  db: Db;
  ch: ClickHouseClient;
  bus: Bus;
  auth: AuthDeps;
  /** The uplink path (MQTT broker and legacy HTTP bridge share it). */
  ingest: IngestQueue;
  /** Commands to, and presence/broker counters of, connected devices. */
  deviceLink: DeviceLink;
  /** Background data exports (files under the data dir). */
  exports: ExportJobs;
  /** Health, metrics, host monitoring and alerts. */
  monitoring: Monitoring;
}
