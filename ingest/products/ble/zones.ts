import type { Point } from '../../../core/products/ble-geometry.ts';

/** A zone outline on a plan (metres). */
export interface ZoneShape {
  id: number;
  polygon: readonly Point[];
  /** How deep inside the zone a point can be (its inradius, m): a corridor is shallow, a hall deep. */
  depthM: number;
}

/** The inradius of a polygon, searched on a grid of `stepM` (zones are tens of m² at most; once per site load). */
export function polygonDepth(polygon: readonly Point[], stepM = 0.2): number {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  let best = 0;
  for (let x = Math.min(...xs); x <= Math.max(...xs); x += stepM) {
    for (let y = Math.min(...ys); y <= Math.max(...ys); y += stepM) {
      if (insidePolygon([x, y], polygon)) best = Math.max(best, distanceToOutline([x, y], polygon));
    }
  }
  return best;
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
  /** The zone's depth (Infinity outside every zone). */
  depthM: number;
}

/**
 * The zone under a point: of the zones containing it, the one it is deepest inside (zones may overlap);
 * outside all, zone 0 with the distance to the nearest zone as its margin.
 */
export function zoneAt(p: Point, zones: readonly ZoneShape[]): ZoneHit {
  let hit: ZoneHit = { zoneId: 0, marginM: Infinity, depthM: Infinity };
  let inAny = false;
  for (const z of zones) {
    const margin = distanceToOutline(p, z.polygon);
    if (insidePolygon(p, z.polygon)) {
      if (!inAny || margin > hit.marginM) hit = { zoneId: z.id, marginM: margin, depthM: z.depthM };
      inAny = true;
    } else if (!inAny) {
      hit = { zoneId: 0, marginM: Math.min(hit.marginM, margin), depthM: Infinity };
    }
  }
  return hit;
}

export interface HysteresisRule {
  /** A new zone is taken once consecutive fixes in it add up to this much depth inside it (m)… */
  evidenceM: number;
  /** …each fix counting for at most this much, so one wild fix cannot switch alone, */
  maxStepM: number;
  /** and only beyond this depth: a tag on the boundary scatters this far either side of it; */
  shallowM: number;
  /** or after this many consecutive fixes in it, however shallow. */
  fixesAny: number;
}

/**
 * Zone switching with hysteresis, against room flapping (the #1 complaint of open BLE trackers)
 * without the minute-long switches of a plain N-fix rule (the #2). Consecutive fixes in another zone
 * add up how deep inside it they are: someone walking into a room piles up depth within seconds, a tag
 * standing on the boundary hovers a few decimetres either side and never does — one fix back in the
 * current zone starts the count again. The first fix takes its zone at once.
 */
export class ZoneHysteresis {
  current: number | undefined;
  private candidate = -1;
  private streak = 0;
  private evidence = 0;

  constructor(private readonly rule: HysteresisRule) {}

  /**
   * Feeds one fix's zone hit; returns the zone the tag is in after it. A tag on the move (its track's
   * speed) is let through at once when it is any depth inside: walkers cross corridors in seconds,
   * while a tag standing on a boundary is still and must pile up depth.
   */
  step(hit: ZoneHit, moving = false): number {
    if (this.current === undefined || hit.zoneId === this.current) {
      this.current ??= hit.zoneId;
      this.candidate = -1;
      return this.current;
    }
    if (hit.zoneId !== this.candidate) {
      this.candidate = hit.zoneId;
      this.streak = 0;
      this.evidence = 0;
    }
    this.streak++;
    // A narrow zone (a corridor) is never deep: its shallow band shrinks with it.
    const shallow = moving ? 0 : Math.min(this.rule.shallowM, 0.4 * hit.depthM);
    this.evidence += Math.max(0, Math.min(hit.marginM, this.rule.maxStepM) - shallow);
    if (this.evidence >= (moving ? this.rule.evidenceM / 2 : this.rule.evidenceM) || this.streak >= this.rule.fixesAny) {
      this.current = hit.zoneId;
      this.candidate = -1;
    }
    return this.current;
  }
}
