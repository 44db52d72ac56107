import { clickhouseTime, type ClickHouseClient } from '../../core/clickhouse.ts';
import type { LiveFix } from '../../core/products/ble-live.ts';

/**
 * What the positioning engine would have stored for tags walking a known route: fixes every `stepS`
 * seconds and the zone visits they make (the engine's contract, db/clickhouse/030_ble_positions.sql).
 * The engine is not the live map's code, so its output is produced here from a route, the way a
 * history screen must read it: each tag stays in a zone, walks straight to the next one, stays again.
 */
export interface PlanIds {
  organizationId: number;
  locationId: number;
  planId: number;
}

export interface ZoneShape {
  id: number;
  polygon: Array<[number, number]>;
}

export interface Leg {
  /** Where the tag stands during the stay (metres). */
  at: [number, number];
  stayS: number;
}

export interface Walk {
  tagId: number;
  legs: Leg[];
  /** Seconds to walk from one leg to the next. */
  walkS?: number;
  bestDeviceId?: number;
}

export interface PositionRow {
  tagId: number;
  ts: number;
  x: number;
  y: number;
  zoneId: number;
  errorM: number;
  bestDeviceId: number;
  bestRssi: number;
}

export interface VisitRow {
  tagId: number;
  zoneId: number;
  enter: number;
  exit: number;
  closed: boolean;
}

function inside([x, y]: readonly [number, number], polygon: ReadonlyArray<readonly [number, number]>): boolean {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

export const zoneAt = (p: readonly [number, number], zones: readonly ZoneShape[]): number => zones.find((z) => inside(p, z.polygon))?.id ?? 0;

/** Fixes of one walk starting at `startMs`, every `stepS` seconds, and the visits they make. */
export function simulateWalk(walk: Walk, zones: readonly ZoneShape[], startMs: number, stepS = 5): { positions: PositionRow[]; visits: VisitRow[] } {
  const walkS = walk.walkS ?? 10;
  const positions: PositionRow[] = [];
  let t = startMs;
  const fix = (p: [number, number]) => {
    positions.push({
      tagId: walk.tagId,
      ts: t,
      x: p[0],
      y: p[1],
      zoneId: zoneAt(p, zones),
      errorM: 1.2,
      bestDeviceId: walk.bestDeviceId ?? 0,
      bestRssi: -65,
    });
    t += stepS * 1000;
  };
  walk.legs.forEach((leg, i) => {
    // A person staying in a room wanders about it (within 1.5 m), as the heatmap should show.
    for (let s = 0; s < leg.stayS; s += stepS) fix([leg.at[0] + 1.5 * Math.sin(s / 37), leg.at[1] + 1.2 * Math.sin(s / 53)]);
    const next = walk.legs[i + 1];
    if (!next) return;
    for (let s = 0; s < walkS; s += stepS) {
      const k = s / walkS;
      fix([leg.at[0] + (next.at[0] - leg.at[0]) * k, leg.at[1] + (next.at[1] - leg.at[1]) * k]);
    }
  });
  return { positions, visits: visitsOf(positions, stepS) };
}

/** Consecutive fixes in one zone make a visit; the last one is still open. */
export function visitsOf(positions: readonly PositionRow[], stepS: number): VisitRow[] {
  const visits: VisitRow[] = [];
  for (const p of positions) {
    const open = visits.at(-1);
    if (open && open.zoneId === p.zoneId && open.tagId === p.tagId) open.exit = p.ts + stepS * 1000;
    else visits.push({ tagId: p.tagId, zoneId: p.zoneId, enter: p.ts, exit: p.ts + stepS * 1000, closed: true });
  }
  const last = visits.at(-1);
  if (last) last.closed = false;
  return visits;
}

export async function storePositions(ch: ClickHouseClient, ids: PlanIds, rows: readonly PositionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100_000) {
    await ch.insert({
      table: 'ble_positions',
      format: 'JSONEachRow',
      values: rows.slice(i, i + 100_000).map((r) => ({
        organization_id: ids.organizationId,
        location_id: ids.locationId,
        plan_id: ids.planId,
        tag_id: r.tagId,
        ts: clickhouseTime(new Date(r.ts)),
        x: r.x,
        y: r.y,
        zone_id: r.zoneId,
        error_m: r.errorM,
        receivers: 3,
        best_device_id: r.bestDeviceId,
        best_rssi: r.bestRssi,
      })),
    });
  }
}

/** Writes visits as the engine does: `version` orders rewrites of one visit, the latest wins under FINAL. */
export async function storeVisits(ch: ClickHouseClient, ids: PlanIds, rows: readonly VisitRow[], version = Date.now()): Promise<void> {
  await ch.insert({
    table: 'ble_zone_visits',
    format: 'JSONEachRow',
    values: rows.map((v) => ({
      organization_id: ids.organizationId,
      location_id: ids.locationId,
      plan_id: ids.planId,
      tag_id: v.tagId,
      zone_id: v.zoneId,
      enter: clickhouseTime(new Date(v.enter)),
      exit: clickhouseTime(new Date(v.exit)),
      closed: v.closed ? 1 : 0,
      version: clickhouseTime(new Date(version)),
    })),
  });
}

export const liveFix = (r: PositionRow): LiveFix => ({
  tagId: r.tagId,
  ts: r.ts,
  x: r.x,
  y: r.y,
  errorM: r.errorM,
  zoneId: r.zoneId || null,
  bestDeviceId: r.bestDeviceId,
  bestRssi: r.bestRssi,
});
