import type { LocationScope } from '../../../core/policy.ts';
import type { ClickHouseClient } from '../../../core/clickhouse.ts';
import { AppError } from '../../../core/errors.ts';
import type { LiveFix } from '../../../core/products/ble-live.ts';
import type { Db } from '../../../core/postgres.ts';
import type { LiveState } from './live-state.ts';
import * as positions from './positions-repository.ts';
import type { Period, PlanScope } from './positions-repository.ts';
import { recordView } from '../../services/audit/record.ts';
import { listReceivers, requirePlan } from './service.ts';
import { commonRoutes, routeOf } from './zone-routes.ts';

/** What the live map, history, heatmap, time-in-zone and route screens read; all scoped by `requirePlan`. */
export interface ViewDeps {
  db: Db;
  ch: ClickHouseClient;
  live: LiveState;
}

type Scope = LocationScope;

// A month of history is the most one screen asks for: the aggregates answer it in well under a second.
const MAX_PERIOD_DAYS = 31;
// Playback frames per tag whatever the period: one tag's hour plays at 5 s steps, its day at 2 min
// steps; all tags of a plan get a third of that (15 s, 10 min), so 200 tags stay under 50,000 points.
const MAX_FRAMES_ONE = 720;
const MAX_FRAMES_ALL = 240;
// Steps a person reads on the slider (5 s, 2 min…); the longest covers 31 days in 372 frames (one tag).
const FRAME_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
/** Heatmap cell edge, metres (ble_grid_hour's grain). */
export const GRID_CELL_M = 0.5;
/**
 * Stays shorter than this are pass-throughs (crossing a corridor, a doorway) and are left out of routes:
 * the zone hysteresis already needs ~10 s to switch, and a minute is the shortest stay a person means.
 */
export const DEFAULT_MIN_STAY_S = 60;

async function planScope(db: Db, s: Scope, planId: number): Promise<PlanScope> {
  const plan = await requirePlan(db, s, planId);
  return { organizationId: s.organizationId, locationId: plan.location_id, planId: plan.id };
}

/**
 * The plan a history screen reads, its period checked, and the read recorded in the audit log
 * (brief: "посмотрел аналитику за период Y"): one row per screen (playback, heatmap, zones, routes).
 */
async function viewedPlan(db: Db, s: Scope, planId: number, period: Period, screen: string): Promise<PlanScope> {
  const plan = await requirePlan(db, s, planId);
  checkPeriod(period);
  await recordView(db, `ble.${screen}`, { type: 'plan', id: plan.id, label: plan.name }, { from: period.from.toISOString(), to: period.to.toISOString() });
  return { organizationId: s.organizationId, locationId: plan.location_id, planId: plan.id };
}

/** Checks a history period: `to` after `from`, at most a month long. */
export function checkPeriod(p: Period): Period {
  if (p.to.getTime() <= p.from.getTime()) throw new AppError(400, 'invalid_period', '`to` must be after `from`', { from: p.from.toISOString(), to: p.to.toISOString() });
  const days = (p.to.getTime() - p.from.getTime()) / 86_400_000;
  if (days > MAX_PERIOD_DAYS) throw new AppError(400, 'invalid_period', `A period may cover at most ${MAX_PERIOD_DAYS} days`, { days: Math.ceil(days) });
  return p;
}

const presentFix = (f: LiveFix) => ({
  tag_id: f.tagId,
  ts: new Date(f.ts).toISOString(),
  x: f.x,
  y: f.y,
  error_m: f.errorM,
  zone_id: f.zoneId,
  best_device_id: f.bestDeviceId,
  best_rssi: f.bestRssi,
});
export type PresentedFix = ReturnType<typeof presentFix>;
export const presentFixes = (fixes: readonly LiveFix[]) => fixes.map(presentFix);

/** "Now in each zone": tags per zone (null: outside every zone). */
function zoneCounts(fixes: readonly LiveFix[]) {
  const counts = new Map<number | null, number>();
  for (const f of fixes) counts.set(f.zoneId, (counts.get(f.zoneId) ?? 0) + 1);
  return [...counts].map(([zone_id, tags]) => ({ zone_id, tags }));
}

/** The live map's whole state of a plan: its tags' latest fixes, zone counts and its receivers' presence. */
export async function liveSnapshot(deps: ViewDeps, s: Scope, planId: number, now = Date.now()) {
  const scope = await planScope(deps.db, s, planId);
  const [fixes, receivers] = await Promise.all([deps.live.current(scope, now), listReceivers(deps.db, s, scope.locationId)]);
  return {
    plan_id: scope.planId,
    at: new Date(now).toISOString(),
    fixes: presentFixes(fixes),
    zones: zoneCounts(fixes),
    receivers: receivers.filter((r) => r.plan_id === scope.planId).map((r) => ({ device_id: r.device_id, online: r.online })),
  };
}

/** Playback: the plan's tags (or one) in the period, one averaged position per step. */
export async function track(deps: ViewDeps, s: Scope, planId: number, period: Period, tagId?: number) {
  const scope = await viewedPlan(deps.db, s, planId, period, 'playback');
  const raw = (period.to.getTime() - period.from.getTime()) / 1000 / (tagId === undefined ? MAX_FRAMES_ALL : MAX_FRAMES_ONE);
  const stepS = FRAME_STEPS_S.find((s) => s >= raw) ?? FRAME_STEPS_S.at(-1)!;
  const rows = await positions.queryTrack(deps.ch, scope, period, stepS, tagId);
  const tags = new Map<number, Array<[number, number, number, number | null]>>();
  for (const r of rows) {
    let points = tags.get(r.tag_id);
    if (!points) tags.set(r.tag_id, (points = []));
    points.push([r.at_ms, r.fx, r.fy, r.zone || null]);
  }
  return { step_s: stepS, tags: [...tags].map(([tag_id, points]) => ({ tag_id, points })) };
}

/** Where tags spent time: fixes per 0.5 m cell of the plan over the period's hours. */
export async function heatmap(deps: ViewDeps, s: Scope, planId: number, period: Period) {
  const scope = await viewedPlan(deps.db, s, planId, period, 'heatmap');
  const rows = await positions.queryGrid(deps.ch, scope, period);
  return { cell_m: GRID_CELL_M, max: rows.reduce((m, r) => Math.max(m, r.n), 0), cells: rows.map((r) => [r.cx, r.cy, r.n] as [number, number, number]) };
}

/** Busiest zones and time in each zone, per zone and per tag (zone_id null: outside every zone). */
export async function zoneStats(deps: ViewDeps, s: Scope, planId: number, period: Period) {
  const scope = await viewedPlan(deps.db, s, planId, period, 'zone_stats');
  const [occupancy, times] = await Promise.all([positions.queryZoneOccupancy(deps.ch, scope, period), positions.queryTimeInZones(deps.ch, scope, period)]);
  const byZone = new Map<number, { zone_id: number | null; tag_minutes: number; peak: number; seconds: number; visits: number; tags: number }>();
  const zone = (id: number) => {
    let z = byZone.get(id);
    if (!z) byZone.set(id, (z = { zone_id: id || null, tag_minutes: 0, peak: 0, seconds: 0, visits: 0, tags: 0 }));
    return z;
  };
  for (const o of occupancy) Object.assign(zone(o.zone), { tag_minutes: o.tag_minutes, peak: o.peak });
  const byTag = new Map<number, { tag_id: number; total_s: number; zones: Array<{ zone_id: number | null; seconds: number; visits: number }> }>();
  for (const r of times) {
    const seconds = Math.round(r.seconds);
    const z = zone(r.zone);
    z.seconds += seconds;
    z.visits += r.visits;
    z.tags++;
    let tag = byTag.get(r.tag_id);
    if (!tag) byTag.set(r.tag_id, (tag = { tag_id: r.tag_id, total_s: 0, zones: [] }));
    tag.total_s += seconds;
    tag.zones.push({ zone_id: r.zone || null, seconds, visits: r.visits });
  }
  for (const tag of byTag.values()) tag.zones.sort((a, b) => b.seconds - a.seconds);
  return {
    zones: [...byZone.values()].sort((a, b) => b.tag_minutes - a.tag_minutes || b.seconds - a.seconds),
    tags: [...byTag.values()],
  };
}

/** Each tag's route through the zones (stays of at least `minStayS`) and the routes most walked across tags. */
export async function routes(deps: ViewDeps, s: Scope, planId: number, period: Period, minStayS: number, tagId?: number) {
  const scope = await viewedPlan(deps.db, s, planId, period, 'routes');
  const rows = await positions.queryStays(deps.ch, scope, period, minStayS, tagId);
  const stays = new Map<number, Array<{ zone: number; enterMs: number; exitMs: number }>>();
  for (const r of rows) {
    let list = stays.get(r.tag_id);
    if (!list) stays.set(r.tag_id, (list = []));
    list.push({ zone: r.zone, enterMs: r.enter_ms, exitMs: r.exit_ms });
  }
  const tags = [...stays].map(([tag_id, list]) => ({
    tag_id,
    route: routeOf(list),
    stays: list.map((v) => ({ zone_id: v.zone, enter: new Date(v.enterMs).toISOString(), exit: new Date(v.exitMs).toISOString() })),
  }));
  return { min_stay_s: minStayS, tags, common: commonRoutes(tags.map((t) => t.route)) };
}
