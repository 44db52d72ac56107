import type { DeviceLink } from '../broker/server.ts';
import type { Bus } from '../core/bus.ts';
import type { ClickHouseClient } from '../core/clickhouse.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import { offlineReceivers } from '../db/repositories/device-health.ts';
import type { IngestQueue } from '../ingest/types.ts';
import { AlertEvaluator } from './alerts.ts';
import { listenMetrics } from './metrics-listener.ts';
import type { PlatformMetrics } from './metrics.ts';
import { checkReadiness, withDeadline, type Readiness } from './readiness.ts';
import { MonitoringSampler } from './sampler.ts';

/** Receivers named in an offline alert (the count says how many there are in all). */
const OFFLINE_SAMPLE = 5;

/** Health, metrics, host monitoring and alerts of one running platform. */
export interface Monitoring {
  metrics: PlatformMetrics;
  sampler: MonitoringSampler;
  alerts: AlertEvaluator;
  readiness(): Promise<Readiness>;
  /** URL of the separate /metrics listener, when METRICS_LISTEN is set. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

export interface MonitoringDeps {
  config: Readonly<Config>;
  log: Logger;
  db: Db;
  ch: ClickHouseClient;
  bus: Bus;
  broker: DeviceLink;
  ingest: IngestQueue;
  metrics: PlatformMetrics;
  /** Whether the MQTT listeners are up (false once the platform is stopping). */
  brokerListening(): boolean;
}

/** Starts sampling the host and the platform, evaluating alerts on each sample, and the metrics listener. */
export async function startMonitoring(deps: MonitoringDeps): Promise<Monitoring> {
  const { config, log, db, ch, broker, ingest, metrics } = deps;
  const settings = config.monitoring;
  metrics.watch({ broker: () => broker.stats(), ingest: () => ingest.stats() });

  const sampler = new MonitoringSampler({
    dataDir: config.dataDir,
    intervalMs: settings.intervalMs,
    log,
    platform: { devicesOnline: () => broker.stats().connections.current, ingest: () => ingest.stats() },
  });
  const clickhouseUp = () => ch.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json());
  let diskPercent = 0;
  const alerts = new AlertEvaluator({
    bus: deps.bus,
    log,
    thresholds: settings.alerts,
    readings: {
      // Each reading within the probe deadline: one slow store must not hold back the other alerts of the beat,
      // and a ClickHouse too busy to answer SELECT 1 in 2 s for a whole minute is as good as down.
      offlineReceivers: () => withDeadline(() => offlineReceivers(db, new Date(Date.now() - settings.alerts.offlineSeconds * 1000), OFFLINE_SAMPLE)),
      clickhouseUp: () => withDeadline(clickhouseUp).then(() => true),
      queueDepth: () => ingest.stats().pendingEvents,
      diskPercent: () => diskPercent,
    },
  });
  sampler.onSample((sample) => {
    diskPercent = sample.disk_percent;
    alerts.evaluate().catch((err: unknown) => log.warn({ err }, 'alert evaluation failed'));
  });
  await sampler.start();

  const listener = settings.metricsListen ? await listenMetrics(metrics, settings.metricsListen) : undefined;
  if (listener) log.info({ url: listener.url }, 'Prometheus metrics listening');

  return {
    metrics,
    sampler,
    alerts,
    metricsUrl: listener?.url,
    readiness: () =>
      checkReadiness({
        postgres: () => db.raw('select 1'),
        clickhouse: clickhouseUp,
        broker: deps.brokerListening,
        ingest: () => ({ pending: ingest.stats().pendingEvents, limit: config.ingest.maxPendingEvents }),
      }),
    async stop() {
      sampler.stop();
      await listener?.close();
    },
  };
}
