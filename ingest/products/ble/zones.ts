import type { Point } from '../../../core/products/ble-geometry.ts';

/** A zone outline on a plan (metres). */
export interface ZoneShape {
  id: number;
  polygon: readonly Point[];
}

/** Even–odd rule: whether p is inside the polygon. */
export function insidePolygon(p: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from p to the polygon's outline. */
export function distanceToOutline(p: Point, polygon: readonly Point[]): number {
  let best = Infinity;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [ax, ay] = polygon[j]!;
    const [bx, by] = polygon[i]!;
    const ex = bx - ax;
    const ey = by - ay;
    const len2 = ex * ex + ey * ey;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - ax) * ex + (p[1] - ay) * ey) / len2));
    best = Math.min(best, Math.hypot(p[0] - (ax + t * ex), p[1] - (ay + t * ey)));
  }
  return best;
}

/** The zone a point is in (0 = outside every zone) and how deep inside it is (m). */
export interface ZoneHit {
  zoneId: number;
  marginM: number;
}

/**
 * The zone under a point: of the zones containing it, the one it is deepest inside (zones may overlap);
 * outside all, zone 0 with the distance to the nearest zone as its margin.
 */
export function zoneAt(p: Point, zones: readonly ZoneShape[]): ZoneHit {
  let hit: ZoneHit = { zoneId: 0, marginM: Infinity };
  let inAny = false;
  for (const z of zones) {
    const margin = distanceToOutline(p, z.polygon);
    if (insidePolygon(p, z.polygon)) {
      if (!inAny || margin > hit.marginM) hit = { zoneId: z.id, marginM: margin };
      inAny = true;
    } else if (!inAny) {
      hit = { zoneId: 0, marginM: Math.min(hit.marginM, margin) };
    }
  }
  return hit;
}

export interface HysteresisRule {
  /** A candidate at least this deep inside… */
  marginM: number;
  /** …for this many consecutive fixes is taken; */
  fixesWithMargin: number;
  /** so is one seen for this many consecutive fixes, whatever its margin. */
  fixesAny: number;
}

/**
 * Zone switching with hysteresis, against room flapping (the #1 complaint of open BLE trackers):
 * the current zone stays until another is seen on consecutive fixes — clearly inside it (margin)
 * for a few, or for a few more whatever the margin. The first fix takes its zone at once.
 */
export class ZoneHysteresis {
  current: number | undefined;
  private candidate = -1;
  private streak = 0;
  private deepStreak = 0;

  constructor(private readonly rule: HysteresisRule) {}

  /** Feeds one fix's zone hit; returns the zone the tag is in after it. */
  step(hit: ZoneHit): number {
    if (this.current === undefined || hit.zoneId === this.current) {
      this.current ??= hit.zoneId;
      this.candidate = -1;
      this.streak = 0;
      this.deepStreak = 0;
      return this.current;
    }
    if (hit.zoneId !== this.candidate) {
      this.candidate = hit.zoneId;
      this.streak = 0;
      this.deepStreak = 0;
    }
    this.streak++;
    this.deepStreak = hit.marginM >= this.rule.marginM ? this.deepStreak + 1 : 0;
    if (this.deepStreak >= this.rule.fixesWithMargin || this.streak >= this.rule.fixesAny) {
      this.current = hit.zoneId;
      this.candidate = -1;
      this.streak = 0;
      this.deepStreak = 0;
    }
    return this.current;
  }
}
