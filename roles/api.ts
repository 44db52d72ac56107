import { attachProductSockets } from '../api/products/index.ts';
import { createApp } from '../api/app.ts';
import { TokenSigner } from '../api/auth/jwt.ts';
import type { ApiContext } from '../api/context.ts';
import { createMailTransport } from '../api/services/mail/transport.ts';
import { MailWorker } from '../api/services/mail/worker.ts';
import { createRemoteAccess } from '../api/tunnels/index.ts';
import type { DeviceBroker } from '../broker/server.ts';
import { resolveJwtSecret } from '../core/secrets.ts';
import { startMonitoring, type Monitoring } from '../monitoring/index.ts';
import type { PlatformMetrics } from '../monitoring/metrics.ts';
import { listenHttp } from './http.ts';

/** Shutdown steps in start order; the process runs them in reverse. */
export type Stops = Array<() => Promise<void>>;

/** What the API role takes from its process: the stores and the parts started before it. */
export interface ApiRoleDeps extends Omit<ApiContext, 'auth' | 'monitoring' | 'accounts' | 'remoteAccess'> {
  /** A broker in this process: MQTT over WebSocket then shares the HTTP port. */
  broker?: DeviceBroker;
  webBuildDir?: string;
  /** Shared with this process's broker and ingest queue, which record into it. */
  metrics: PlatformMetrics;
  /** Whether the MQTT listeners are up (false once the process is stopping). */
  brokerListening(): boolean;
}

export interface ApiRole {
  api: ApiContext;
  monitoring: Monitoring;
  mail: MailWorker;
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:8080 */
  url: string;
  /** Where links in mails point: MYBEACON_PUBLIC_URL, else this server's address. */
  publicUrl(): string;
}

/** What the API's routes get: the parts this process started, and the token signer made here. */
export async function buildApiContext(deps: Omit<ApiContext, 'auth'>): Promise<ApiContext> {
  const { config } = deps;
  const tokens = new TokenSigner(await resolveJwtSecret(config), {
    access: config.auth.accessTtlSeconds,
    refresh: config.auth.refreshTtlSeconds,
  });
  return {
    ...deps,
    auth: { db: deps.db, tokens, accessTtlSeconds: config.auth.accessTtlSeconds, refreshTtlSeconds: config.auth.refreshTtlSeconds, refreshReuseGraceSeconds: config.auth.refreshReuseGraceSeconds },
  };
}

/**
 * The `api` role, the same in the all-in-one platform and a scale-out process: monitoring of this process,
 * the mail worker (SKIP LOCKED: any number of API processes), remote access, and the Express app on HTTP_PORT
 * (with MQTT over WebSocket when a broker runs here). Its shutdown steps go onto `stops`.
 */
export async function startApiRole(deps: ApiRoleDeps, stops: Stops): Promise<ApiRole> {
  const { broker, webBuildDir, metrics, brokerListening, ...context } = deps;
  const { config, log, db, bus, deviceLink } = context;
  const monitoring = await startMonitoring({ ...context, broker: deviceLink, metrics, brokerListening });
  stops.push(() => monitoring.stop());
  const mail = new MailWorker({ db, log, transport: createMailTransport(config.mail), config: config.mail });
  mail.start();
  stops.push(() => mail.stop());
  // Links in mails point at MYBEACON_PUBLIC_URL, else at this server once it listens.
  let publicUrl = config.publicUrl ?? '';
  const remoteAccess = await createRemoteAccess({ db, log, bus, deviceLink, config: config.tunnels, trustedProxies: config.trustedProxies });
  const api = await buildApiContext({ ...context, monitoring, accounts: { db, settings: config.accounts, publicUrl: () => publicUrl }, remoteAccess });
  const http = await listenHttp(config.http, remoteAccess.front(createApp(api, { webBuildDir })));
  stops.push(() => http.close());
  // Detached before the HTTP server closes: upgraded sockets would keep server.close() waiting.
  if (broker) stops.push(broker.attachWebSocket(http.server, (req) => remoteAccess.dashboards.matches(req)));
  // Products' own sockets (BLE's live map); a dashboard's upgrade belongs to its tunnel.
  stops.push(attachProductSockets(http.server, api, (req) => remoteAccess.dashboards.matches(req)));
  // Before the broker stops: tunnels and terminals end while their records can still be written.
  stops.push(remoteAccess.attach(http.server));
  log.info({ url: http.url }, 'HTTP API listening');
  if (!publicUrl && config.mail.smtpUrl) log.warn({ url: http.url }, 'MYBEACON_PUBLIC_URL is not set: links in mails point at the listening address');
  publicUrl ||= http.url;
  return { api, monitoring, mail, url: http.url, publicUrl: () => publicUrl };
}
