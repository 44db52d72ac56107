import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BrokerStatsSnapshot } from '../broker/stats.ts';
import type { ProductName } from '../core/products.ts';
import type { IngestStats } from '../ingest/types.ts';

/** Where scrape-time figures come from; set once the broker and ingest queue exist. */
export interface MetricSources {
  broker(): BrokerStatsSnapshot;
  ingest(): IngestStats;
}

// Seconds; PUBACK waits for a group commit (≤ INGEST_FLUSH_INTERVAL_MS + one INSERT), so the interesting
// range is tens to hundreds of milliseconds; the 250 ms bucket is the target's edge.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 1, 2.5, 5];
const FLUSH_EVENTS_BUCKETS = [100, 500, 1000, 2500, 5000, 10_000, 20_000, 40_000, 80_000];

/**
 * The Prometheus registry (`prom-client`) of one platform: histograms fed on the hot path by the hooks
 * below (one bucket increment each), everything else read from the broker's and the queue's counters
 * when scraped, so those paths pay nothing for metrics. Default Node metrics (event-loop lag, memory,
 * CPU, GC) come with it.
 */
export class PlatformMetrics {
  readonly registry = new Registry();
  private sources: MetricSources | undefined;
  private readonly puback: Histogram<string>;
  private readonly flushEvents: Histogram<string>;
  private readonly insertSeconds: Histogram<string>;
  private readonly storedEvents: Counter<string>;
  private readonly http: Histogram<string>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    this.puback = new Histogram({ name: 'mybeacon_puback_latency_seconds', help: 'From an uplink batch arriving to its PUBACK (batch durable)', buckets: LATENCY_BUCKETS, registers });
    this.flushEvents = new Histogram({ name: 'mybeacon_ingest_flush_events', help: 'Events per group commit (one INSERT)', labelNames: ['product'], buckets: FLUSH_EVENTS_BUCKETS, registers });
    this.insertSeconds = new Histogram({ name: 'mybeacon_ingest_insert_seconds', help: 'Time of one group-commit INSERT, retries included', labelNames: ['product'], buckets: LATENCY_BUCKETS, registers });
    this.storedEvents = new Counter({ name: 'mybeacon_ingest_stored_events_total', help: 'Events made durable, by product', labelNames: ['product'], registers });
    this.http = new Histogram({ name: 'mybeacon_http_request_duration_seconds', help: 'HTTP request latency by route', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS, registers });

    const source = () => this.sources;
    new Gauge({
      name: 'mybeacon_devices_connected',
      help: 'Devices connected to the MQTT broker',
      registers,
      collect() {
        const s = source();
        if (s) this.set(s.broker().connections.current);
      },
    });
    // Totals the broker and queue count anyway, copied in at scrape time (labelled by reason or kind).
    const totals = (name: string, help: string, label: string | undefined, read: (s: MetricSources) => Record<string, number | undefined>) =>
      new Counter({
        name,
        help,
        labelNames: label ? [label] : [],
        registers,
        collect() {
          const s = source();
          if (!s) return;
          this.reset();
          for (const [value, n] of Object.entries(read(s))) if (n) this.inc(label ? { [label]: value } : {}, n);
        },
      });
    totals('mybeacon_mqtt_connects_total', 'Device connections accepted', undefined, (s) => ({ all: s.broker().connections.total }));
    totals('mybeacon_mqtt_connects_refused_total', 'Device CONNECTs refused, by reason', 'reason', (s) => s.broker().authFailures);
    totals('mybeacon_mqtt_disconnects_total', 'Devices disconnected by the broker, by reason', 'reason', (s) => s.broker().kicks);
    totals('mybeacon_mqtt_messages_in_total', 'Uplink messages accepted, by topic kind', 'kind', (s) => s.broker().messages);
    totals('mybeacon_mqtt_messages_malformed_total', 'Uplink messages dropped as unusable, by topic kind', 'kind', (s) => s.broker().malformed);
    totals('mybeacon_mqtt_messages_out_total', 'Messages published to devices (config, commands)', undefined, (s) => ({ all: s.broker().messagesOut }));
    totals('mybeacon_ingest_rejected_events_total', 'Events refused by validation, by reason', 'reason', (s) => s.ingest().rejectedByReason);
    totals('mybeacon_ingest_refused_batches_total', 'Batches not taken in, by reason', 'reason', (s) => {
      const i = s.ingest();
      return { malformed: i.malformedBatches, overloaded: i.overloadedBatches, duplicate: i.duplicateBatches };
    });
    new Gauge({
      name: 'mybeacon_ingest_queue_events',
      help: 'Events validated but not yet durable (the group-commit queue depth)',
      registers,
      collect() {
        const s = source();
        if (s) this.set(s.ingest().pendingEvents);
      },
    });
  }

  /** Scrape-time figures come from here on. */
  watch(sources: MetricSources): void {
    this.sources = sources;
  }

  readonly observePuback = (ms: number): void => {
    this.puback.observe(ms / 1000);
  };

  readonly observeFlush = (product: ProductName, events: number, ms: number): void => {
    this.flushEvents.observe({ product }, events);
    this.insertSeconds.observe({ product }, ms / 1000);
    this.storedEvents.inc({ product }, events);
  };

  /** Times every HTTP request by its route pattern (never the raw URL: ids would explode the label set). */
  readonly httpMiddleware: RequestHandler = (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const pattern = (req.route as { path?: string } | undefined)?.path;
      const route = pattern ? `${req.baseUrl}${pattern}` : 'unmatched';
      this.http.observe({ method: req.method, route, status: String(res.statusCode) }, (performance.now() - started) / 1000);
    });
    next();
  };

  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
