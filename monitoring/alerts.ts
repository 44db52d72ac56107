import type { AlertKind, Bus, PlatformAlert } from '../core/bus.ts';
import type { Logger } from '../core/logger.ts';

/** What the evaluator looks at on each beat; each reading is one probe of the live platform. */
export interface AlertReadings {
  /** Receivers in service not seen for longer than the threshold. */
  offlineReceivers(): Promise<{ count: number; macs: string[] }>;
  /** Whether ClickHouse answers a trivial query now. */
  clickhouseUp(): Promise<boolean>;
  queueDepth(): number;
  diskPercent(): number;
}

export interface AlertThresholds {
  offlineSeconds: number;
  backlogEvents: number;
  diskPercent: number;
  /** How long a backlog or a ClickHouse outage must last before it is raised (the issue says 60 s). */
  sustainMs: number;
}

/** A condition found on this beat, with the figures the UI shows; `sustained` ones must last sustainMs first. */
interface Finding {
  kind: AlertKind;
  severity: PlatformAlert['severity'];
  sustained: boolean;
  details: PlatformAlert['details'];
}

/** Alerts resolved and kept for the UI's "recent" list. */
const RECENT_KEPT = 50;

/**
 * Turns readings into alerts: raised once when a condition holds (for `sustainMs` where a blip is
 * normal: a backlog drains, a ClickHouse restart takes seconds), resolved when it stops holding, each
 * change announced on the bus (`alert.raised` / `alert.resolved`) for whoever notifies people (e-mail
 * once the outbox exists). State is in memory: after a restart the same conditions are raised again.
 */
export class AlertEvaluator {
  private readonly active = new Map<AlertKind, PlatformAlert>();
  private readonly firstSeen = new Map<AlertKind, number>();
  private readonly recent: PlatformAlert[] = [];
  private nextId = 1;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: { readings: AlertReadings; thresholds: AlertThresholds; bus: Bus; log: Logger; now?: () => number },
  ) {}

  /** One evaluation; overlapping calls share the one in progress (a slow PostgreSQL must not pile them up). */
  evaluate(): Promise<void> {
    this.running ??= this.check().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Active alerts (newest first) and recently resolved ones. */
  list(): { active: PlatformAlert[]; recent: PlatformAlert[] } {
    return { active: [...this.active.values()].sort((a, b) => b.id - a.id), recent: [...this.recent] };
  }

  private async check(): Promise<void> {
    const now = this.deps.now?.() ?? Date.now();
    const { findings, unknown } = await this.findings();
    const found = new Set(findings.map((f) => f.kind));
    for (const f of findings) {
      const since = this.firstSeen.get(f.kind) ?? now;
      this.firstSeen.set(f.kind, since);
      const current = this.active.get(f.kind);
      if (current) current.details = f.details; // figures move while it lasts (more receivers offline…)
      else if (!f.sustained || now - since >= this.deps.thresholds.sustainMs) this.raise(f, new Date(now));
    }
    for (const kind of [...this.firstSeen.keys()]) {
      if (found.has(kind) || unknown.has(kind)) continue; // not readable this beat: neither raised nor resolved
      this.firstSeen.delete(kind);
      const alert = this.active.get(kind);
      if (alert) this.resolve(alert, new Date(now));
    }
  }

  /** Conditions holding now, and the kinds that could not be read (PostgreSQL down is readiness's concern). */
  private async findings(): Promise<{ findings: Finding[]; unknown: Set<AlertKind> }> {
    const { readings, thresholds } = this.deps;
    const out: Finding[] = [];
    const unknown = new Set<AlertKind>();
    const [offline, clickhouseUp] = await Promise.all([
      readings.offlineReceivers().catch(() => {
        unknown.add('receivers_offline');
        return { count: 0, macs: [] };
      }),
      readings.clickhouseUp().catch(() => false),
    ]);
    if (offline.count > 0) {
      out.push({ kind: 'receivers_offline', severity: 'warning', sustained: false, details: { count: offline.count, macs: offline.macs, threshold_seconds: thresholds.offlineSeconds } });
    }
    const depth = readings.queueDepth();
    if (depth >= thresholds.backlogEvents) {
      out.push({ kind: 'ingest_backlog', severity: 'critical', sustained: true, details: { pending_events: depth, threshold_events: thresholds.backlogEvents } });
    }
    if (!clickhouseUp) out.push({ kind: 'clickhouse_unavailable', severity: 'critical', sustained: true, details: {} });
    const disk = readings.diskPercent();
    if (disk >= thresholds.diskPercent) {
      out.push({ kind: 'disk_nearly_full', severity: disk >= 98 ? 'critical' : 'warning', sustained: false, details: { percent: disk, threshold_percent: thresholds.diskPercent } });
    }
    return { findings: out, unknown };
  }

  private raise(f: Finding, at: Date): void {
    const alert: PlatformAlert = { id: this.nextId++, kind: f.kind, severity: f.severity, raisedAt: at, resolvedAt: null, details: f.details };
    this.active.set(f.kind, alert);
    this.deps.log.warn({ alert: f.kind, details: f.details }, 'alert raised');
    this.deps.bus.emit('alert.raised', alert);
  }

  private resolve(alert: PlatformAlert, at: Date): void {
    this.active.delete(alert.kind);
    alert.resolvedAt = at;
    this.recent.unshift(alert);
    this.recent.length = Math.min(this.recent.length, RECENT_KEPT);
    this.deps.log.info({ alert: alert.kind }, 'alert resolved');
    this.deps.bus.emit('alert.resolved', alert);
  }
}
