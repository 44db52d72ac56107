import path from 'node:path';
import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { boolean, optionalString, port, positiveInt } from './env.ts';
import { PRODUCTS, type ProductSettings } from './products.ts';

/** Environment variables MyBeacon reads, with defaults for embedded single-process mode. */
const EnvSchema = z.object({
  MYBEACON_DATA_DIR: z.string().min(1).default('./data'),
  MYBEACON_DEMO: boolean.default(false),
  MYBEACON_ADMIN_EMAIL: z.email().optional().or(z.literal('').transform(() => undefined)),
  MYBEACON_ADMIN_PASSWORD: optionalString,
  MYBEACON_PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port.default(8080),

  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  EMBEDDED_PG_PORT: port.default(0),
  CLICKHOUSE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier').default('mybeacon'),

  JWT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  JWT_ACCESS_TTL_SECONDS: positiveInt.default(900),
  JWT_REFRESH_TTL_SECONDS: positiveInt.default(30 * 24 * 3600),
  JWT_REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt.default(10),
  LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(50),
  LOGIN_FAILURE_WINDOW_SECONDS: positiveInt.default(900),
  COOKIE_SECURE: boolean.default(false),
  REGISTRATIONS_PER_MINUTE_PER_IP: positiveInt.default(60),

  MQTT_HOST: z.string().default('0.0.0.0'),
  MQTT_PORT: port.default(1883),
  MQTT_TLS_PORT: port.default(8883),
  MQTT_TLS_CERT: optionalString,
  MQTT_TLS_KEY: optionalString,
  MQTT_WS_PATH: z.string().startsWith('/').default('/mqtt'),
  MQTT_MAX_PACKET_BYTES: positiveInt.default(256 * 1024),
  MQTT_MAX_MESSAGES_PER_SECOND: positiveInt.default(50),
  DEVICE_AUTH_CACHE_TTL_SECONDS: positiveInt.default(300),
  DEVICE_PRESENCE_FLUSH_MS: positiveInt.default(1000),

  INGEST_FLUSH_MAX_EVENTS: positiveInt.default(40000),
  INGEST_FLUSH_INTERVAL_MS: positiveInt.default(100),
  INGEST_FLUSH_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(2),
  INGEST_DEDUP_WINDOW_SECONDS: positiveInt.default(3600),
  INGEST_MAX_PENDING_EVENTS: positiveInt.default(200_000),
  INGEST_MAX_CLOCK_SKEW_SECONDS: positiveInt.default(300),
  INGEST_MAX_EVENT_AGE_DAYS: positiveInt.default(7),
  INGEST_STATS_INTERVAL_MS: positiveInt.default(1000),

  EXPORT_RETENTION_DAYS: positiveInt.default(7),
  EXPORT_MAX_PER_ORGANIZATION: positiveInt.default(3),

  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  METRICS_LISTEN: optionalString.pipe(z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9464').optional()),
  MONITORING_INTERVAL_MS: positiveInt.default(5000),
  ALERT_RECEIVER_OFFLINE_SECONDS: positiveInt.default(900),
  ALERT_INGEST_BACKLOG_EVENTS: positiveInt.optional(),
  ALERT_DISK_USED_PERCENT: z.coerce.number().min(1).max(100).default(90),
  ALERT_SUSTAIN_SECONDS: positiveInt.default(60),

  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  SMTP_TLS_REJECT_UNAUTHORIZED: boolean.default(true),
  MAIL_FROM: z.string().trim().min(3).refine((v) => !/[\r\n]/.test(v), 'must be one line').default('MyBeacon <no-reply@mybeacon.local>'),
  MAIL_MAX_ATTEMPTS: positiveInt.default(8),
  MAIL_RETRY_BASE_SECONDS: positiveInt.default(30),
  MAIL_POLL_INTERVAL_MS: positiveInt.default(1000),
  MAIL_RETENTION_DAYS: positiveInt.default(30),
  SIGNUP_ENABLED: boolean.default(true),
  EMAIL_VERIFICATION_TTL_HOURS: positiveInt.default(48),
  PASSWORD_RESET_TTL_MINUTES: positiveInt.default(60),
  INVITATION_TTL_DAYS: positiveInt.default(7),
  ACCOUNT_EMAILS_PER_HOUR_PER_ADDRESS: positiveInt.default(5),
  ACCOUNT_REQUESTS_PER_HOUR_PER_IP: positiveInt.default(60),

  TUNNEL_PORTS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be a comma-separated list of ports')
    .default('22,80')
    .transform((v) => v.split(',').map(Number))
    .pipe(z.array(z.number().int().min(1).max(65535))),
  TUNNEL_OPEN_TIMEOUT_SECONDS: positiveInt.default(60),
  TUNNEL_IDLE_SECONDS: positiveInt.default(900),
  TUNNEL_PING_SECONDS: positiveInt.default(20),
  TUNNEL_REDIAL_SECONDS: positiveInt.default(30),
  TUNNEL_WINDOW_BYTES: z.coerce.number().int().min(16 * 1024).max(16 * 1024 * 1024).default(256 * 1024),
  TUNNEL_DASHBOARD_HOST: z
    .string()
    .regex(/^[a-z0-9.-]+$/, 'must be a lower-case host name (no scheme, no port)')
    .default('dashboard.localhost'),
  TUNNEL_DASHBOARD_IDLE_SECONDS: positiveInt.default(600),
  TERMINAL_GRACE_SECONDS: positiveInt.default(60),
  TERMINAL_IDLE_SECONDS: positiveInt.default(600),
  TERMINAL_MAX_PER_USER: positiveInt.default(2),
  TERMINAL_MAX_PER_DEVICE: positiveInt.default(4),
  TERMINAL_MAX_OUTPUT_BYTES: positiveInt.default(1024 * 1024 * 1024),
  TERMINAL_SEND_BUFFER_BYTES: positiveInt.default(1024 * 1024),

  MYBEACON_ROLES: optionalString,
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  INGEST_STREAM_MAX_BATCHES: positiveInt.default(100_000),
  INGEST_CLAIM_IDLE_MS: positiveInt.default(30_000),
  INGEST_STREAM_READ_BATCHES: positiveInt.default(500),
  LOCK_RETRY_MS: positiveInt.default(5000),
  BROKER_HEARTBEAT_MS: positiveInt.default(5000),

  AUDIT_RETENTION_MONTHS: positiveInt.default(12),
  AUDIT_PARTITIONS_AHEAD: z.coerce.number().int().min(1).max(24).default(3),
  AUDIT_PAGE_VIEWS_PER_MINUTE: positiveInt.default(120),
  TRUSTED_PROXIES: z
    .string()
    .default('loopback')
    .transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean))
    .refine(validProxyList, 'must be a comma-separated list of IP addresses, CIDR ranges or loopback / linklocal / uniquelocal'),
});

type Env = z.output<typeof EnvSchema>;

export interface Config {
  dataDir: string;
  demo: boolean;
  admin: { email?: string; password?: string };
  publicUrl?: string;
  logLevel: Env['LOG_LEVEL'];
  logFormat: Env['LOG_FORMAT'];
  http: { host: string; port: number; cookieSecure: boolean; registrationsPerMinutePerIp: number };
  postgres: { url?: string; embeddedPort: number; embeddedDir: string };
  clickhouse: { url?: string; database: string; embeddedDir: string };
  auth: {
    jwtSecret?: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    /** How long the refresh token just rotated away from still works (a reload whose answer was lost), seconds; 0 turns it off. */
    refreshReuseGraceSeconds: number;
    maxFailuresPerAccount: number;
    maxFailuresPerIp: number;
    failureWindowSeconds: number;
  };
  mqtt: {
    host: string;
    port: number;
    tls?: { port: number; certPath: string; keyPath: string };
    wsPath: string;
    maxPacketBytes: number;
    maxMessagesPerSecond: number;
    authCacheTtlSeconds: number;
    presenceFlushMs: number;
  };
  ingest: {
    flushMaxEvents: number;
    flushIntervalMs: number;
    /** INSERTs per product table that may run at once. */
    flushConcurrency: number;
    dedupWindowSeconds: number;
    maxPendingEvents: number;
    maxClockSkewSeconds: number;
    maxEventAgeDays: number;
    statsIntervalMs: number;
  };
  /** Each product's own settings, declared and validated by its entry in core/products.ts. */
  products: ProductSettings;
  /** Days an export file stays downloadable. */
  exportRetentionDays: number;
  /** Exports of one organization queued or running at once. */
  exportMaxPerOrganization: number;
  monitoring: {
    intervalMs: number;
    /** Bearer token that opens /metrics on the HTTP port; without it /metrics is not served there. */
    metricsToken?: string;
    /** A separate, unauthenticated /metrics listener (protected by its bind address). */
    metricsListen?: { host: string; port: number };
    alerts: { offlineSeconds: number; backlogEvents: number; diskPercent: number; sustainMs: number };
  };
  /** Outgoing mail: without `smtpUrl` mails stay in the outbox for the superadmin to read. */
  mail: {
    smtpUrl?: string;
    tlsRejectUnauthorized: boolean;
    from: string;
    maxAttempts: number;
    retryBaseSeconds: number;
    pollIntervalMs: number;
    /** Days a mail stays in the outbox once sent, failed or held; its body may hold a (by then expired) link. */
    retentionDays: number;
  };
  /** Self-registration, verification, invitations and password resets. */
  accounts: {
    signupEnabled: boolean;
    verificationTtlHours: number;
    resetTtlMinutes: number;
    invitationTtlDays: number;
    emailsPerHourPerAddress: number;
    requestsPerHourPerIp: number;
  };
  tunnels: {
    /** Device ports a tunnel may reach unless the device's config says otherwise (`tunnel.ports`). */
    ports: number[];
    openTimeoutSeconds: number;
    idleSeconds: number;
    pingSeconds: number;
    redialSeconds: number;
    windowBytes: number;
    dashboardHost: string;
    dashboardIdleSeconds: number;
    terminal: {
      graceSeconds: number;
      idleSeconds: number;
      maxPerUser: number;
      maxPerDevice: number;
      maxOutputBytes: number;
      sendBufferBytes: number;
    };
  };
  /** What this process runs; `all` (the default) is every role in one process. */
  roles: ReadonlySet<Role>;
  /** Scale-out mode: set when REDIS_URL is; brokers, ingest workers and API processes meet in Redis. */
  redis?: {
    url: string;
    /** Stream entries (batches) beyond which appends are refused (back-pressure). */
    maxStreamBatches: number;
    /** A worker's unacknowledged entries idle this long are taken over by another worker. */
    claimIdleMs: number;
    /** Entries one worker reads per call. */
    readBatches: number;
    /** How often a broker proves it lives; after three missed beats its devices are marked offline. */
    brokerHeartbeatMs: number;
  };
  /** How often a process that does not hold a run-once job's lock tries to take it over. */
  lockRetryMs: number;
  /** The audit log: whole months older than `retentionMonths` are dropped; partitions exist `partitionsAhead` months ahead. */
  audit: { retentionMonths: number; partitionsAhead: number; pageViewsPerMinute: number };
  /** Proxies whose X-Forwarded-For is believed (client IP for audit and rate limits); others' is ignored. */
  trustedProxies: readonly string[];
}

export const ROLES = ['broker', 'ingest', 'api'] as const;
export type Role = (typeof ROLES)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates settings from an environment map (process.env in production, a literal in tests). */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  // Problems of the platform's and every product's variables are reported together.
  const problems = [...(parsed.success ? [] : describeIssues(parsed.error, env)), ...PRODUCTS.flatMap((p) => {
    const result = p.settings.safeParse(env);
    return result.success ? [] : describeIssues(result.error, env);
  })];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  if (Boolean(e.MQTT_TLS_CERT) !== Boolean(e.MQTT_TLS_KEY)) {
    throw new ConfigError(['MQTT_TLS_CERT and MQTT_TLS_KEY: set both to enable MQTT over TLS, or neither']);
  }
  const roles = parseRoles(e.MYBEACON_ROLES);
  checkRoleNeeds(roles, e);
  const dataDir = path.resolve(e.MYBEACON_DATA_DIR);
  const config: Config = {
    dataDir,
    demo: e.MYBEACON_DEMO,
    admin: { email: e.MYBEACON_ADMIN_EMAIL, password: e.MYBEACON_ADMIN_PASSWORD },
    publicUrl: e.MYBEACON_PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT, cookieSecure: e.COOKIE_SECURE, registrationsPerMinutePerIp: e.REGISTRATIONS_PER_MINUTE_PER_IP },
    postgres: { url: e.DATABASE_URL, embeddedPort: e.EMBEDDED_PG_PORT, embeddedDir: path.join(dataDir, 'postgres') },
    clickhouse: { url: e.CLICKHOUSE_URL, database: e.CLICKHOUSE_DATABASE, embeddedDir: path.join(dataDir, 'chdb') },
    auth: {
      jwtSecret: e.JWT_SECRET,
      accessTtlSeconds: e.JWT_ACCESS_TTL_SECONDS,
      refreshTtlSeconds: e.JWT_REFRESH_TTL_SECONDS,
      refreshReuseGraceSeconds: e.JWT_REFRESH_REUSE_GRACE_SECONDS,
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      failureWindowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    mqtt: {
      host: e.MQTT_HOST,
      port: e.MQTT_PORT,
      tls:
        e.MQTT_TLS_CERT && e.MQTT_TLS_KEY
          ? { port: e.MQTT_TLS_PORT, certPath: e.MQTT_TLS_CERT, keyPath: e.MQTT_TLS_KEY }
          : undefined,
      wsPath: e.MQTT_WS_PATH,
      maxPacketBytes: e.MQTT_MAX_PACKET_BYTES,
      maxMessagesPerSecond: e.MQTT_MAX_MESSAGES_PER_SECOND,
      authCacheTtlSeconds: e.DEVICE_AUTH_CACHE_TTL_SECONDS,
      presenceFlushMs: e.DEVICE_PRESENCE_FLUSH_MS,
    },
    ingest: {
      flushMaxEvents: e.INGEST_FLUSH_MAX_EVENTS,
      flushIntervalMs: e.INGEST_FLUSH_INTERVAL_MS,
      flushConcurrency: e.INGEST_FLUSH_CONCURRENCY,
      dedupWindowSeconds: e.INGEST_DEDUP_WINDOW_SECONDS,
      maxPendingEvents: e.INGEST_MAX_PENDING_EVENTS,
      maxClockSkewSeconds: e.INGEST_MAX_CLOCK_SKEW_SECONDS,
      maxEventAgeDays: e.INGEST_MAX_EVENT_AGE_DAYS,
      statsIntervalMs: e.INGEST_STATS_INTERVAL_MS,
    },
    products: productSettings(env),
    exportRetentionDays: e.EXPORT_RETENTION_DAYS,
    exportMaxPerOrganization: e.EXPORT_MAX_PER_ORGANIZATION,
    monitoring: {
      intervalMs: e.MONITORING_INTERVAL_MS,
      metricsToken: e.METRICS_TOKEN,
      metricsListen: e.METRICS_LISTEN ? hostPort(e.METRICS_LISTEN) : undefined,
      alerts: {
        offlineSeconds: e.ALERT_RECEIVER_OFFLINE_SECONDS,
        // Half the queue's limit: refusals start at the limit, so this is the warning before them.
        backlogEvents: e.ALERT_INGEST_BACKLOG_EVENTS ?? Math.ceil(e.INGEST_MAX_PENDING_EVENTS / 2),
        diskPercent: e.ALERT_DISK_USED_PERCENT,
        sustainMs: e.ALERT_SUSTAIN_SECONDS * 1000,
      },
    },
    mail: {
      smtpUrl: e.SMTP_URL,
      tlsRejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED,
      from: e.MAIL_FROM,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      retryBaseSeconds: e.MAIL_RETRY_BASE_SECONDS,
      pollIntervalMs: e.MAIL_POLL_INTERVAL_MS,
      retentionDays: e.MAIL_RETENTION_DAYS,
    },
    accounts: {
      signupEnabled: e.SIGNUP_ENABLED,
      verificationTtlHours: e.EMAIL_VERIFICATION_TTL_HOURS,
      resetTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES,
      invitationTtlDays: e.INVITATION_TTL_DAYS,
      emailsPerHourPerAddress: e.ACCOUNT_EMAILS_PER_HOUR_PER_ADDRESS,
      requestsPerHourPerIp: e.ACCOUNT_REQUESTS_PER_HOUR_PER_IP,
    },
    tunnels: {
      ports: e.TUNNEL_PORTS,
      openTimeoutSeconds: e.TUNNEL_OPEN_TIMEOUT_SECONDS,
      idleSeconds: e.TUNNEL_IDLE_SECONDS,
      pingSeconds: e.TUNNEL_PING_SECONDS,
      redialSeconds: e.TUNNEL_REDIAL_SECONDS,
      windowBytes: e.TUNNEL_WINDOW_BYTES,
      dashboardHost: e.TUNNEL_DASHBOARD_HOST,
      dashboardIdleSeconds: e.TUNNEL_DASHBOARD_IDLE_SECONDS,
      terminal: {
        graceSeconds: e.TERMINAL_GRACE_SECONDS,
        idleSeconds: e.TERMINAL_IDLE_SECONDS,
        maxPerUser: e.TERMINAL_MAX_PER_USER,
        maxPerDevice: e.TERMINAL_MAX_PER_DEVICE,
        maxOutputBytes: e.TERMINAL_MAX_OUTPUT_BYTES,
        sendBufferBytes: e.TERMINAL_SEND_BUFFER_BYTES,
      },
    },
    roles,
    redis: e.REDIS_URL
      ? { url: e.REDIS_URL, maxStreamBatches: e.INGEST_STREAM_MAX_BATCHES, claimIdleMs: e.INGEST_CLAIM_IDLE_MS, readBatches: e.INGEST_STREAM_READ_BATCHES, brokerHeartbeatMs: e.BROKER_HEARTBEAT_MS }
      : undefined,
    lockRetryMs: e.LOCK_RETRY_MS,
    audit: { retentionMonths: e.AUDIT_RETENTION_MONTHS, partitionsAhead: e.AUDIT_PARTITIONS_AHEAD, pageViewsPerMinute: e.AUDIT_PAGE_VIEWS_PER_MINUTE },
    trustedProxies: e.TRUSTED_PROXIES,
  };
  return deepFreeze(config);
}

/** `127.0.0.1:9464` or `[::1]:9464`. */
function hostPort(value: string): { host: string; port: number } {
  const colon = value.lastIndexOf(':');
  return { host: value.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(value.slice(colon + 1)) };
}

function describeIssues(error: z.ZodError, env: Record<string, string | undefined>): string[] {
  return error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    const value = env[name];
    return `${name}: ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(redact(name, value))})`}`;
  });
}

/** Every product's settings from its own variables (already checked by loadConfig). */
const productSettings = (env: Record<string, string | undefined>): ProductSettings =>
  Object.fromEntries(PRODUCTS.map((p) => [p.name, p.settings.parse(env)])) as ProductSettings;

/** `broker`, `ingest api`, `broker,ingest`, `all` (or unset): the roles this process runs. */
function parseRoles(value: string | undefined): ReadonlySet<Role> {
  const words = (value ?? 'all').split(/[\s,]+/).filter(Boolean);
  const unknown = words.filter((w) => w !== 'all' && !(ROLES as readonly string[]).includes(w));
  if (unknown.length > 0 || words.length === 0) {
    throw new ConfigError([`MYBEACON_ROLES: expected "all" or any of ${ROLES.join(', ')} (got ${JSON.stringify(value)})`]);
  }
  return new Set(words.includes('all') ? ROLES : (words as Role[]));
}

/**
 * A process without every role shares its work with others, so it cannot keep its own embedded
 * PostgreSQL or talk to the others in memory: it needs the shared servers. Embedded chDB stays allowed
 * for one process on one box (tests, small sites): chDB itself refuses a second process on its folder.
 */
function checkRoleNeeds(roles: ReadonlySet<Role>, e: Env): void {
  if (roles.size === ROLES.length) return;
  const named = [...roles].join(' + ');
  const problems: string[] = [];
  if (!e.REDIS_URL) problems.push(`REDIS_URL: the ${named} role runs beside other MyBeacon processes, which meet in Redis (bus, MQTT routing, ingest stream); set it`);
  if (!e.DATABASE_URL) problems.push(`DATABASE_URL: the ${named} role shares PostgreSQL with the other processes; an embedded one would be private to this process`);
  if (problems.length > 0) throw new ConfigError(problems);
}

/** proxy-addr (Express' own 'trust proxy' parser) throws on an entry it cannot use. */
function validProxyList(list: string[]): boolean {
  try {
    proxyAddr.compile(list);
    return list.length > 0;
  } catch {
    return false;
  }
}

function redact(name: string, value: string): string {
  return /SECRET|PASSWORD|URL|TOKEN/.test(name) ? '<redacted>' : value;
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}
