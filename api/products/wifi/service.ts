import { recordChange, recordView } from '../../services/audit/record.ts';
import type { Bus } from '../../../core/bus.ts';
import type { ClickHouseClient } from '../../../core/clickhouse.ts';
import { notFound } from '../../../core/errors.ts';
import type { Db } from '../../../core/postgres.ts';
import { findOrganization, updateOrganization, type OrganizationRow } from '../../../db/repositories/organizations.ts';
import { listDevices } from '../../../db/repositories/devices.ts';
import { deviceLabel } from '../../presenters/device.ts';
import * as repo from './metrics-repository.ts';
import { previousPeriod, resolvePeriod, type ResolvedPeriod } from '../../services/period.ts';
import { mergedDeviceConfig } from '../../../core/device-config.ts';
import { thresholdsOf, type WifiThresholds } from '../../../core/products/wifi.ts';

export interface WifiDeps {
  db: Db;
  ch: ClickHouseClient;
}

export type PeriodChoice = Parameters<typeof resolvePeriod>[0];

/** How the audit log names the product's analytics. */
export const WIFI_ANALYTICS = { type: 'analytics', id: 'wifi', label: 'WiFi Analytics' };

/** An organization that may use WiFi Analytics, with what its metrics need. */
export interface WifiTenant {
  org: OrganizationRow;
  thresholds: WifiThresholds;
}

/** Loads the caller's organization with its WiFi thresholds (the routes' product guard let it in). */
export async function wifiTenant(db: Db, organizationId: number): Promise<WifiTenant> {
  const org = await findOrganization(db, organizationId);
  if (!org) throw notFound('organization');
  return { org, thresholds: thresholdsOf(org.settings) };
}

/**
 * Whose analytics: the organization, less the receivers at locations the caller is not granted
 * (api/services/location-scope.ts). Visits span receivers, so only per-receiver figures can leave them out.
 */
export interface Audience {
  organizationId: number;
  hiddenDevices: readonly number[];
}

/** The caller's WiFi organization, the chosen period in its time zone, and the metrics scope of both. */
async function analyticsScope(db: Db, audience: Audience, choice: PeriodChoice) {
  const tenant = await wifiTenant(db, audience.organizationId);
  const p = resolvePeriod(choice, tenant.org.timezone);
  return { tenant, p, ...scopeOf(tenant, p, audience.hiddenDevices) };
}

function scopeOf(tenant: WifiTenant, p: ResolvedPeriod, hiddenDevices: readonly number[]) {
  const scope: repo.MetricsScope = { organizationId: tenant.org.id, from: p.from, to: p.to, timeZone: tenant.org.timezone, thresholds: tenant.thresholds, hiddenDevices };
  const period = { from: p.from.toISOString(), to: p.to.toISOString(), first_day: p.firstDay, last_day: p.lastDay, time_zone: tenant.org.timezone };
  return { scope, period };
}

/**
 * Headline numbers: uniques real vs randomized, visitors vs passers-by, visits, dwell, loyalty. With
 * `compare`, the same numbers of the previous period and the change of each (issue 17: computed here,
 * by the same queries, rather than by the browser from two answers).
 */
export async function summary(deps: WifiDeps, audience: Audience, choice: PeriodChoice, compare = false) {
  const { tenant, p, scope, period } = await analyticsScope(deps.db, audience, choice);
  // brief: "посмотрел аналитику за период Y" — once per dashboard (its headline), not per chart.
  await recordView(deps.db, 'wifi.analytics', WIFI_ANALYTICS, { from: period.first_day, to: period.last_day, period: choice.period });
  const current = await headline(deps.ch, tenant, scope);
  if (!compare) return { period, thresholds: tenant.thresholds, ...current };
  const before = scopeOf(tenant, previousPeriod(p, tenant.org.timezone), audience.hiddenDevices);
  const previous = await headline(deps.ch, tenant, before.scope);
  return { period, thresholds: tenant.thresholds, ...current, comparison: { period: before.period, changes: changes(current, previous) } };
}

type Headline = Awaited<ReturnType<typeof headline>>;

async function headline(ch: ClickHouseClient, tenant: WifiTenant, scope: repo.MetricsScope) {
  const [s, events] = await Promise.all([repo.querySummary(ch, scope), repo.queryEventCount(ch, scope)]);
  return {
    uniques: { total: s.uniques, real: s.uniques - s.uniques_randomized, randomized: s.uniques_randomized },
    visitors: { total: s.visitors, real: s.visitors - s.visitors_randomized, randomized: s.visitors_randomized },
    passers_by: s.uniques - s.visitors,
    capture_rate: s.uniques ? s.visitors / s.uniques : 0,
    visits: s.visits,
    dwell: { mean_minutes: s.dwell_mean_ms / 60_000, median_minutes: s.dwell_median_ms / 60_000 },
    repeat_visitors: s.repeat_visitors,
    new_visitors: s.visitors - s.returning_visitors,
    returning_visitors: s.returning_visitors,
    events,
  };
}

/** The headline metrics that get a delta on their card. */
export const COMPARED_METRICS = ['uniques', 'visitors', 'passers_by', 'capture_rate', 'visits', 'dwell_mean_minutes', 'dwell_median_minutes', 'events', 'repeat_visitors', 'new_visitors', 'returning_visitors'] as const;
type ComparedMetric = (typeof COMPARED_METRICS)[number];

const metricValue = (h: Headline, m: ComparedMetric): number => {
  switch (m) {
    case 'uniques':
    case 'visitors':
      return h[m].total;
    case 'dwell_mean_minutes':
      return h.dwell.mean_minutes;
    case 'dwell_median_minutes':
      return h.dwell.median_minutes;
    default:
      return h[m];
  }
};

/** Per metric: the previous value, the difference and the relative change (null when the previous was 0). */
function changes(current: Headline, previous: Headline) {
  return Object.fromEntries(
    COMPARED_METRICS.map((m) => {
      const [now, before] = [metricValue(current, m), metricValue(previous, m)];
      return [m, { previous: before, change: now - before, ratio: before === 0 ? null : (now - before) / before }];
    }),
  ) as Record<ComparedMetric, { previous: number; change: number; ratio: number | null }>;
}

/** Per local day or hour of the period. */
export async function series(deps: WifiDeps, audience: Audience, choice: PeriodChoice, granularity: repo.Granularity) {
  const { scope, period } = await analyticsScope(deps.db, audience, choice);
  const rows = await repo.querySeries(deps.ch, scope, granularity);
  return {
    period,
    granularity,
    points: rows.map((r) => ({
      bucket: r.bucket,
      uniques: r.uniques,
      uniques_real: r.uniques - r.uniques_randomized,
      uniques_randomized: r.uniques_randomized,
      visitors: r.visitors,
      visits: r.visits,
      events: r.events,
    })),
  };
}

// Meraki's dwell buckets, starting at the organization's minimum visit length.
const DWELL_EDGES_MINUTES = [20, 60, 360];

/** Qualifying visits by dwell time. */
export async function dwellHistogram(deps: WifiDeps, audience: Audience, choice: PeriodChoice) {
  const { tenant, scope, period } = await analyticsScope(deps.db, audience, choice);
  const edges = [tenant.thresholds.min_visit_minutes, ...DWELL_EDGES_MINUTES.filter((e) => e > tenant.thresholds.min_visit_minutes)];
  const counts = new Map((await repo.queryDwellHistogram(deps.ch, scope, edges)).map((r) => [r.bucket, r.visits]));
  return {
    period,
    buckets: edges.map((from, i) => ({ from_minutes: from, to_minutes: edges[i + 1] ?? null, visits: counts.get(i) ?? 0 })),
  };
}

/** The vendors behind real MACs, most common first. */
export async function vendors(deps: WifiDeps, audience: Audience, choice: PeriodChoice, limit: number) {
  const { scope, period } = await analyticsScope(deps.db, audience, choice);
  return { period, vendors: await repo.queryVendors(deps.ch, scope, limit) };
}

/**
 * Arrivals by hour of the week (Monday first, organization time): for each weekday and hour, the devices
 * and visitors whose visits began then, averaged over the days of that weekday in the period.
 */
export async function hourOfWeek(deps: WifiDeps, audience: Audience, choice: PeriodChoice) {
  const { p, scope, period } = await analyticsScope(deps.db, audience, choice);
  const rows = await repo.querySeries(deps.ch, scope, 'hour');
  const weekdayOf = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1; // ISO: Monday 1 … Sunday 7
  const daysPerWeekday = new Map<number, number>();
  for (let t = Date.parse(`${p.firstDay}T00:00:00Z`); t <= Date.parse(`${p.lastDay}T00:00:00Z`); t += 86_400_000) {
    const w = weekdayOf(new Date(t).toISOString().slice(0, 10));
    daysPerWeekday.set(w, (daysPerWeekday.get(w) ?? 0) + 1);
  }
  const sums = new Map<string, { uniques: number; visitors: number }>();
  for (const r of rows) {
    const key = `${weekdayOf(r.bucket.slice(0, 10))}/${Number(r.bucket.slice(11, 13))}`;
    const sum = sums.get(key) ?? { uniques: 0, visitors: 0 };
    sums.set(key, { uniques: sum.uniques + r.uniques, visitors: sum.visitors + r.visitors });
  }
  const cells = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const days = daysPerWeekday.get(weekday) ?? 0;
    for (let hour = 0; hour < 24; hour++) {
      const sum = sums.get(`${weekday}/${hour}`) ?? { uniques: 0, visitors: 0 };
      cells.push({ weekday, hour, days, uniques: days ? sum.uniques / days : 0, visitors: days ? sum.visitors / days : 0 });
    }
  }
  return { period, cells };
}

/** Every receiver of the organization with what it heard in the period (zeros for silent ones). */
export async function receivers(deps: WifiDeps, audience: Audience, choice: PeriodChoice) {
  const { scope, period } = await analyticsScope(deps.db, audience, choice);
  const [stats, { rows }] = await Promise.all([
    repo.queryReceivers(deps.ch, scope),
    listDevices(deps.db, { organizationId: audience.organizationId, excludeIds: audience.hiddenDevices, limit: 10_000, offset: 0 }),
  ]);
  const byDevice = new Map(stats.map((s) => [s.device_id, s]));
  return {
    period,
    receivers: rows.map((d) => ({
      id: d.id,
      label: deviceLabel(d.simple_id),
      name: d.name,
      online: d.connection !== null,
      // WiFi probes arrive only from receivers in monitor mode: the empty dashboard says which case it is.
      monitoring: (mergedDeviceConfig(d.config_overrides).wifi as { monitor_enabled?: unknown } | undefined)?.monitor_enabled === true,
      events: byDevice.get(d.id)?.events ?? 0,
      devices: byDevice.get(d.id)?.devices ?? 0,
    })),
  };
}

export async function getThresholds(db: Db, organizationId: number): Promise<WifiThresholds> {
  return (await wifiTenant(db, organizationId)).thresholds;
}

/**
 * Stores new thresholds. Visitor RSSI and minimum visit length apply from the next query on; a new floor
 * or gap re-derives the organization's visits in the background (the dashboard follows within seconds).
 */
export async function setThresholds(deps: { db: Db; bus: Bus }, organizationId: number, thresholds: WifiThresholds): Promise<WifiThresholds> {
  const { org, thresholds: before } = await wifiTenant(deps.db, organizationId);
  await deps.db.transaction(async (trx) => {
    await updateOrganization(trx, organizationId, { settings: { ...org.settings, wifi: thresholds } });
    await recordChange(trx, { action: 'wifi.thresholds', object: WIFI_ANALYTICS, before, after: thresholds });
  });
  if (before.rssi_floor_dbm !== thresholds.rssi_floor_dbm || before.visit_gap_minutes !== thresholds.visit_gap_minutes) {
    deps.bus.emit('product.settings_changed', { organizationId, product: 'wifi' });
  }
  return thresholds;
}
