import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './api/app.ts';
import type { ApiContext } from './api/context.ts';
import { TokenSigner } from './api/auth/jwt.ts';
import { startBroker } from './broker/server.ts';
import { Bus } from './core/bus.ts';
import { startClickHouse, type ClickHouseHandle } from './core/clickhouse.ts';
import type { Config } from './core/config.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { startPostgres, type PostgresHandle } from './core/postgres.ts';
import { resolveJwtSecret } from './core/secrets.ts';
import { migrateClickHouse, migratePostgres } from './db/migrate.ts';
import { applyRetention } from './db/retention.ts';
import { sessionRulesFromDb, WifiSessionizer } from './ingest/wifi-sessionizer.ts';
import { ensureSuperadmin, type CreatedCredentials } from './db/seed/bootstrap.ts';
import { seedDemo } from './db/seed/demo.ts';
import { createIngestQueue } from './ingest/queue.ts';
import { ExportJobs } from './api/services/export-jobs.ts';
import { createRemoteAccess } from './api/tunnels/index.ts';

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
    const wifiVisits = new WifiSessionizer({
      ch: clickhouse.ch,
      rulesOf: (id) => sessionRulesFromDb(pg.db, id),
      bus,
      log,
      intervalMs: config.wifi.sessionizeIntervalMs,
    });
    wifiVisits.start();
    stops.push(() => wifiVisits.stop());
    const exports = new ExportJobs(pg.db, path.join(config.dataDir, 'exports'), log, config.exportRetentionDays);
    await exports.recover();
    stops.push(() => exports.stop());
    const ingest = await createIngestQueue({ ch: clickhouse.ch, db: pg.db, log, config: config.ingest });
    stops.push(() => ingest.stop());
    // Stopped before the ingest queue: batches in flight in the broker still become durable.
    const broker = await startBroker({ config: config.mqtt, log, db: pg.db, bus, ingest });
    stops.push(() => broker.stop());
    const remoteAccess = await createRemoteAccess({ db: pg.db, log, bus, deviceLink: broker, config: config.tunnels });
    const tokens = new TokenSigner(await resolveJwtSecret(config), {
      access: config.auth.accessTtlSeconds,
      refresh: config.auth.refreshTtlSeconds,
    });
    const api: ApiContext = {
      config,
      log,
      db: pg.db,
      ch: clickhouse.ch,
      bus,
      auth: { db: pg.db, tokens, accessTtlSeconds: config.auth.accessTtlSeconds, refreshTtlSeconds: config.auth.refreshTtlSeconds },
      ingest,
      deviceLink: broker,
      exports,
      remoteAccess,
    };

    const server = http.createServer(remoteAccess.front(createApp(api, { webBuildDir: WEB_BUILD_DIR })));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.http.port, config.http.host, resolve);
    });
    stops.push(() => closeServer(server));
    // Detached before the HTTP server closes: upgraded sockets would keep server.close() waiting.
    stops.push(broker.attachWebSocket(server, (req) => remoteAccess.dashboards.matches(req)));
    // Before the broker stops: tunnels and terminals end while their records can still be written.
    stops.push(remoteAccess.attach(server));
    const { port } = server.address() as AddressInfo;
    const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
    const httpUrl = `http://${host}:${port}`;
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

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
