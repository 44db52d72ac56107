import path from 'node:path';
import { ExportJobs } from '../api/services/export-jobs.ts';
import { createApp } from '../api/app.ts';
import { startRemoteDeviceLink } from '../broker/remote-link.ts';
import { startBroker, type DeviceBroker, type DeviceLink } from '../broker/server.ts';
import { Bus } from '../core/bus.ts';
import { startClickHouse, type ClickHouseHandle } from '../core/clickhouse.ts';
import type { Config } from '../core/config.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { startPostgres, type Db } from '../core/postgres.ts';
import { migrateClickHouse, migratePostgres } from '../db/migrate.ts';
import { ensureSuperadmin } from '../db/seed/bootstrap.ts';
import type { IngestQueue } from '../ingest/types.ts';
import { createMailTransport } from '../api/services/mail/transport.ts';
import { MailWorker } from '../api/services/mail/worker.ts';
import { createRemoteAccess } from '../api/tunnels/index.ts';
import { startMonitoring } from '../monitoring/index.ts';
import { PlatformMetrics } from '../monitoring/metrics.ts';
import { attachProductSockets } from '../api/products/index.ts';
import { buildApiContext } from './api.ts';
import { listenHttp } from './http.ts';
import { openIngestQueue, startIngestWorker } from './ingest.ts';
import { startBackgroundJobs } from './jobs.ts';
import { brokerLiveness, connectScaleOut, type ScaleOut } from './scale-out.ts';

/** A process running some of the roles of a scale-out installation (`mybeacon broker`, `mybeacon ingest api`…). */
export interface RoleProcess {
  log: Logger;
  /** Listener URLs by name, for the start-up banner. */
  endpoints: Record<string, string>;
  stop(): Promise<void>;
}

type Stops = Array<() => Promise<void>>;

/**
 * Starts the roles in config.roles, each as a short list of the same steps the all-in-one platform
 * uses: PostgreSQL (every role: credentials, presence, locks), ClickHouse for `ingest` and `api`, Redis
 * for everything shared. Config validation has made sure REDIS_URL and DATABASE_URL are set.
 */
export async function startRoleProcess(config: Readonly<Config>, opts: { log?: Logger; webBuildDir?: string } = {}): Promise<RoleProcess> {
  const log = (opts.log ?? createLogger(config.logLevel)).child({ roles: [...config.roles].join('+') });
  const stops: Stops = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => log.error({ err }, 'shutdown step failed'));
  };
  const has = (role: 'broker' | 'ingest' | 'api') => config.roles.has(role);
  try {
    const pg = await startPostgres(config.postgres, log);
    stops.push(() => pg.stop());
    // knex serializes migrations across processes with its lock table; every role may start first.
    await migratePostgres(pg.db, log);
    const clickhouse = has('ingest') || has('api') ? await openClickHouse(config, log, stops) : undefined;

    const bus = new Bus();
    const scaleOut = (await connectScaleOut(config, log, bus))!;
    stops.push(() => scaleOut.stop());
    const exports = has('api')
      ? new ExportJobs(pg.db, path.join(config.dataDir, 'exports'), log, config.exportRetentionDays, { maxPerOrganization: config.exportMaxPerOrganization })
      : undefined;
    if (exports) stops.push(() => exports.stop());
    if (clickhouse) {
      const jobs = await startBackgroundJobs({ config, log, pg, clickhouse, bus, exports });
      stops.push(() => jobs.stop());
    }
    if (has('ingest')) {
      const worker = await startIngestWorker({ config, log, clickhouse: clickhouse!, scaleOut });
      stops.push(() => worker.stop());
    }

    const endpoints: Record<string, string> = {};
    let ingest: IngestQueue | undefined;
    if (has('broker') || has('api')) {
      ingest = await openIngestQueue({ config, log, db: pg.db, scaleOut });
      stops.push(() => ingest!.stop());
    }
    let broker: DeviceBroker | undefined;
    if (has('broker')) {
      const liveness = brokerLiveness(scaleOut, { databaseUrl: pg.url, log, lockRetryMs: config.lockRetryMs });
      broker = await startBroker({ config: config.mqtt, log, db: pg.db, bus, ingest: ingest!, cluster: scaleOut.cluster(), liveness });
      stops.push(() => broker!.stop());
      Object.assign(endpoints, broker.endpoints);
    }

    if (has('api')) {
      const deviceLink = broker ?? (await remoteLink(scaleOut, pg.db, log, stops));
      const deps = { config, log, db: pg.db, ch: clickhouse!.ch, bus, ingest: ingest!, deviceLink, exports: exports! };
      Object.assign(endpoints, await startApiRole(deps, broker, opts.webBuildDir, stops));
    } else if (broker) {
      Object.assign(endpoints, await serveBrokerWebSocket(config, broker, stops));
    }
    log.info({ endpoints }, 'roles started');
    return { log, endpoints, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * The `api` role: superadmin on first start, the mail worker (SKIP LOCKED: any number of API processes),
 * monitoring and remote access of this process, and the Express app on HTTP_PORT (with MQTT over
 * WebSocket when a broker runs here).
 */
async function startApiRole(
  deps: Omit<Parameters<typeof buildApiContext>[0], 'monitoring' | 'accounts' | 'remoteAccess'>,
  broker: DeviceBroker | undefined,
  webBuildDir: string | undefined,
  stops: Stops,
): Promise<Record<string, string>> {
  const { config, log, db, bus } = deps;
  await ensureSuperadmin(db, config.admin);
  const monitoring = await startMonitoring({ ...deps, broker: deps.deviceLink, metrics: new PlatformMetrics(), brokerListening: () => true });
  stops.push(() => monitoring.stop());
  const mail = new MailWorker({ db, log, transport: createMailTransport(config.mail), config: config.mail });
  mail.start();
  stops.push(() => mail.stop());
  let publicUrl = config.publicUrl ?? '';
  const remoteAccess = await createRemoteAccess({ db, log, bus, deviceLink: deps.deviceLink, config: config.tunnels });
  const api = await buildApiContext({ ...deps, monitoring, accounts: { db, settings: config.accounts, publicUrl: () => publicUrl }, remoteAccess });
  const http = await listenHttp(config.http, remoteAccess.front(createApp(api, { webBuildDir })));
  stops.push(() => http.close());
  if (broker) stops.push(broker.attachWebSocket(http.server, (req) => remoteAccess.dashboards.matches(req)));
  stops.push(remoteAccess.attach(http.server));
  stops.push(attachProductSockets(http.server, api, (req) => remoteAccess.dashboards.matches(req)));
  publicUrl ||= http.url;
  return { 'Web UI + API': `${http.url}/` };
}

/** A broker-only process serves MQTT over WebSocket on its own HTTP port (nothing else there). */
async function serveBrokerWebSocket(config: Readonly<Config>, broker: DeviceBroker, stops: Stops): Promise<Record<string, string>> {
  const http = await listenHttp(config.http, (_req, res) => res.writeHead(404).end());
  stops.push(() => http.close());
  stops.push(broker.attachWebSocket(http.server));
  return { 'MQTT over WebSocket': `${http.url.replace(/^http/, 'ws')}${config.mqtt.wsPath}` };
}

async function openClickHouse(config: Readonly<Config>, log: Logger, stops: Stops): Promise<ClickHouseHandle> {
  if (!config.clickhouse.url) {
    log.warn({ dir: config.clickhouse.embeddedDir }, 'embedded chDB: this must be the only process of the installation that reads or writes ClickHouse');
  }
  const clickhouse = await startClickHouse(config.clickhouse, log);
  stops.push(() => clickhouse.stop());
  await migrateClickHouse(clickhouse.ch, log);
  return clickhouse;
}

async function remoteLink(scaleOut: ScaleOut, db: Db, log: Logger, stops: Stops): Promise<DeviceLink> {
  const link = await startRemoteDeviceLink({ cluster: scaleOut.cluster(), db, log, maxMessagesPerSecond: scaleOut.maxMessagesPerSecond });
  stops.push(() => link.stop());
  return link;
}
