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
import type { RunningProducts } from './ingest/products/lifecycle.ts';
import { ensureSuperadmin, type CreatedCredentials } from './db/seed/bootstrap.ts';
import { seedDemo } from './db/seed/demo.ts';
import { ExportJobs } from './api/services/export-jobs.ts';
import { startMonitoring, type Monitoring } from './monitoring/index.ts';
import { PlatformMetrics } from './monitoring/metrics.ts';
import { mailAlerts } from './monitoring/alert-mail.ts';
import { startDemoFleet } from './device-sim/demo-fleet.ts';
import { createMailTransport } from './api/services/mail/transport.ts';
import { MailWorker } from './api/services/mail/worker.ts';
import { createRemoteAccess } from './api/tunnels/index.ts';
import { attachProductSockets } from './api/products/index.ts';
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
  /** Every product's background work (lifecycle hooks); `settle()` brings derived data up to date at once. */
  products: Pick<RunningProducts, 'settle'>;
  /** Sends the mail outbox (or, without SMTP, keeps it for the superadmin); `runOnce()` sends what is due now. */
  mail: MailWorker;
  api: ApiContext;
  /** Health, metrics, host monitoring, alerts. */
  monitoring: Monitoring;
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:8080 */
  httpUrl: string;
  /** Other listeners worth printing at start-up (e.g. MQTT), by name. */
  endpoints: Record<string, string>;
  /** Superadmin created on this start (first start only), to be shown once. */
  createdAdmin: CreatedCredentials | null;
  /** With --demo: the demo owner's login and how many simulated receivers publish live in this process. */
  demo: { email: string; password: string; receivers: number } | null;
  stop(): Promise<void>;
}

/** Starts every role in one process: stores + migrations, API/UI over HTTP. */
export async function startPlatform(config: Readonly<Config>, opts: { log?: Logger } = {}): Promise<Platform> {
  const log = opts.log ?? createLogger(config.logLevel, 'mybeacon', config.logFormat);
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

    const createdAdmin = await ensureSuperadmin(pg.db, config.admin);
    const demoOrg = config.demo ? await seedDemo(pg.db) : null;

    const bus = new Bus();
    const scaleOut = await connectScaleOut(config, log, bus);
    if (scaleOut) stops.push(() => scaleOut.stop());
    const exports = new ExportJobs(pg.db, path.join(config.dataDir, 'exports'), log, config.exportRetentionDays, {
      maxPerOrganization: config.exportMaxPerOrganization,
    });
    stops.push(() => exports.stop());
    const jobs = await startBackgroundJobs({ config, log, pg, clickhouse, bus, exports });
    stops.push(() => jobs.stop());
    // Scale-out with every role here: this process also consumes the streams it appends to.
    if (scaleOut) {
      const worker = await startIngestWorker({ config, log, clickhouse, scaleOut });
      stops.push(() => worker.stop());
    }
    const metrics = new PlatformMetrics();
    const ingest = await openIngestQueue({ config, log, db: pg.db, clickhouse, scaleOut, onFlushed: metrics.observeFlush });
    stops.push(() => ingest.stop());
    // Stopped before the ingest queue: batches in flight in the broker still become durable.
    const liveness = brokerLiveness(scaleOut, { databaseUrl: pg.url, log, lockRetryMs: config.lockRetryMs });
    const broker = await startBroker({ config: config.mqtt, log, db: pg.db, bus, ingest, cluster: brokerCluster(scaleOut), liveness, onPuback: metrics.observePuback });
    let brokerListening = true;
    stops.push(() => {
      brokerListening = false;
      return broker.stop();
    });
    const monitoring = await startMonitoring({ config, log, db: pg.db, ch: clickhouse.ch, bus, broker, ingest, metrics, brokerListening: () => brokerListening });
    stops.push(() => monitoring.stop());
    const mail = new MailWorker({ db: pg.db, log, transport: createMailTransport(config.mail), config: config.mail });
    mail.start();
    stops.push(() => mail.stop());
    // Links in mails point at MYBEACON_PUBLIC_URL, else at this server once it listens.
    let publicUrl = config.publicUrl ?? '';
    const stopAlertMail = mailAlerts({ db: pg.db, bus, log, publicUrl: () => publicUrl });
    stops.push(async () => stopAlertMail());
    const remoteAccess = await createRemoteAccess({ db: pg.db, log, bus, deviceLink: broker, config: config.tunnels });
    const api = await buildApiContext({
      config,
      log,
      db: pg.db,
      ch: clickhouse.ch,
      bus,
      ingest,
      deviceLink: broker,
      exports,
      monitoring,
      accounts: { db: pg.db, settings: config.accounts, publicUrl: () => publicUrl },
      remoteAccess,
    });

    const listener = await listenHttp(config.http, remoteAccess.front(createApp(api, { webBuildDir: WEB_BUILD_DIR })));
    stops.push(() => listener.close());
    // Detached before the HTTP server closes: upgraded sockets would keep server.close() waiting.
    stops.push(broker.attachWebSocket(listener.server, (req) => remoteAccess.dashboards.matches(req)));
    stops.push(attachProductSockets(listener.server, api, (req) => remoteAccess.dashboards.matches(req)));
    // Before the broker stops: tunnels and terminals end while their records can still be written.
    stops.push(remoteAccess.attach(listener.server));
    const httpUrl = listener.url;
    log.info({ url: httpUrl }, 'HTTP API listening');
    if (!publicUrl && config.mail.smtpUrl) log.warn({ url: httpUrl }, 'MYBEACON_PUBLIC_URL is not set: links in mails point at the listening address');
    publicUrl ||= httpUrl;

    const endpoints: Record<string, string> = {
      ...broker.endpoints,
      'MQTT over WebSocket': `${httpUrl.replace(/^http/, 'ws')}${config.mqtt.wsPath}`,
      ...(monitoring.metricsUrl ? { 'Prometheus metrics': monitoring.metricsUrl } : {}),
    };
    const demo = demoOrg ? await startDemo(api, demoOrg, { mqttUrl: broker.endpoints.MQTT!, httpUrl }, stops) : null;
    return { config, log, pg, clickhouse, bus, products: jobs.products, mail, api, monitoring, httpUrl, endpoints, createdAdmin, demo, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** --demo: the demo organization's receivers, simulated in this process; stopped first, before the broker goes. */
async function startDemo(
  api: ApiContext,
  org: { email: string; password: string; organizationId: number },
  urls: { mqttUrl: string; httpUrl: string },
  stops: Array<() => Promise<void>>,
): Promise<NonNullable<Platform['demo']>> {
  const fleet = await startDemoFleet({ db: api.db, ch: api.ch, bus: api.bus, ingest: api.ingest, log: api.log, organizationId: org.organizationId, ...urls });
  stops.push(() => fleet.stop());
  return { email: org.email, password: org.password, receivers: fleet.receivers };
}
