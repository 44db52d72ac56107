import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './api/app.ts';
import type { ApiContext } from './api/context.ts';
import { startBroker } from './broker/server.ts';
import { Bus } from './core/bus.ts';
import { startClickHouse, type ClickHouseHandle } from './core/clickhouse.ts';
import type { Config } from './core/config.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { startPostgres, type PostgresHandle } from './core/postgres.ts';
import { migrateClickHouse, migratePostgres } from './db/migrate.ts';
import { applyRetention } from './db/retention.ts';
import type { WifiSessionizer } from './ingest/wifi-sessionizer.ts';
import { ensureSuperadmin, type CreatedCredentials } from './db/seed/bootstrap.ts';
import { seedDemo } from './db/seed/demo.ts';
import { ExportJobs } from './api/services/export-jobs.ts';
import { buildApiContext } from './roles/api.ts';
import { listenHttp } from './roles/http.ts';
import { openIngestQueue, startIngestWorker } from './roles/ingest.ts';
import { startBackgroundJobs } from './roles/jobs.ts';
import { brokerCluster, brokerLiveness, connectScaleOut } from './roles/scale-out.ts';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
export const WEB_BUILD_DIR = path.join(ROOT, 'web', 'build');

export interface Platform {
  config: Readonly<Config>;
  log: Logger;
  pg: PostgresHandle;
  clickhouse: ClickHouseHandle;
  bus: Bus;
  /** Keeps WiFi visits in step with presence; `runOnce()` catches up immediately. */
  wifiVisits: WifiSessionizer;
  api: ApiContext;
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:8080 */
  httpUrl: string;
  /** Other listeners worth printing at start-up (e.g. MQTT), by name. */
  endpoints: Record<string, string>;
  /** Superadmin created on this start (first start only), to be shown once. */
  createdAdmin: CreatedCredentials | null;
  demo: { email: string; password: string } | null;
  stop(): Promise<void>;
}

/** Starts every role in one process: stores + migrations, API/UI over HTTP. */
export async function startPlatform(config: Readonly<Config>, opts: { log?: Logger } = {}): Promise<Platform> {
  const log = opts.log ?? createLogger(config.logLevel);
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => log.error({ err }, 'shutdown step failed'));
  };
  try {
    const pg = await startPostgres(config.postgres, log);
    stops.push(() => pg.stop());
    const clickhouse = await startClickHouse(config.clickhouse, log);
    stops.push(() => clickhouse.stop());
    await migratePostgres(pg.db, log);
    await migrateClickHouse(clickhouse.ch, log);
    await applyRetention(clickhouse.ch, config.wifi.rawRetentionDays, log);

    const createdAdmin = await ensureSuperadmin(pg.db, config.admin);
    const demo = config.demo ? await seedDemo(pg.db) : null;

    const bus = new Bus();
    const scaleOut = await connectScaleOut(config, log, bus);
    if (scaleOut) stops.push(() => scaleOut.stop());
    const exports = new ExportJobs(pg.db, path.join(config.dataDir, 'exports'), log, config.exportRetentionDays);
    stops.push(() => exports.stop());
    const jobs = await startBackgroundJobs({ config, log, pg, clickhouse, bus, exports });
    stops.push(() => jobs.stop());
    const wifiVisits = jobs.wifiVisits;
    // Scale-out with every role here: this process also consumes the streams it appends to.
    if (scaleOut) {
      const worker = await startIngestWorker({ config, log, clickhouse, scaleOut });
      stops.push(() => worker.stop());
    }
    const ingest = await openIngestQueue({ config, log, db: pg.db, clickhouse, scaleOut });
    stops.push(() => ingest.stop());
    // Stopped before the ingest queue: batches in flight in the broker still become durable.
    const liveness = brokerLiveness(scaleOut, { databaseUrl: pg.url, log, lockRetryMs: config.lockRetryMs });
    const broker = await startBroker({ config: config.mqtt, log, db: pg.db, bus, ingest, cluster: brokerCluster(scaleOut), liveness });
    stops.push(() => broker.stop());
    const api = await buildApiContext({ config, log, db: pg.db, ch: clickhouse.ch, bus, ingest, deviceLink: broker, exports });

    const http = await listenHttp(config.http, createApp(api, { webBuildDir: WEB_BUILD_DIR }));
    stops.push(() => http.close());
    // Detached before the HTTP server closes: upgraded sockets would keep server.close() waiting.
    stops.push(broker.attachWebSocket(http.server));
    const httpUrl = http.url;
    log.info({ url: httpUrl }, 'HTTP API listening');

    const endpoints: Record<string, string> = {
      ...broker.endpoints,
      'MQTT over WebSocket': `${httpUrl.replace(/^http/, 'ws')}${config.mqtt.wsPath}`,
    };
    return { config, log, pg, clickhouse, bus, wifiVisits, api, httpUrl, endpoints, createdAdmin, demo, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
