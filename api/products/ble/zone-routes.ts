/**
 * Routes through zones from a tag's stays. Stays shorter than the threshold are dropped before this
 * (a pass-through of a corridor or a doorway is not a visit), then a zone repeated after a dropped stay
 * is one stay: A → (corridor 20 s) → A is "A", not "A → A".
 */
export interface Stay {
  zone: number;
  enterMs: number;
  exitMs: number;
}

/** The zones a tag went through, in order, without repeats in a row. */
export function routeOf(stays: readonly Stay[]): number[] {
  const route: number[] = [];
  for (const s of stays) if (route.at(-1) !== s.zone) route.push(s.zone);
  return route;
}

export interface CommonRoute {
  zones: number[];
  /** How many tags walked it. */
  tags: number;
  /** How many times in all. */
  times: number;
}

/**
 * The most walked routes across tags: every run of `length` zones in a row of each tag's route (a whole
 * route when shorter, if it moves at all), ranked by how many tags walked it, then how often. A day's
 * route is long and unique per tag; its pieces are what repeats ("Зона #1 → Зона #3 → Зона #2").
 */
export function commonRoutes(routes: readonly number[][], length = 3, limit = 10): CommonRoute[] {
  const counts = new Map<string, CommonRoute>();
  for (const route of routes) {
    const pieces = route.length < 2 ? [] : route.length <= length ? [route] : route.slice(0, route.length - length + 1).map((_, i) => route.slice(i, i + length));
    const seen = new Set<string>();
    for (const piece of pieces) {
      const key = piece.join('>');
      const entry = counts.get(key) ?? { zones: piece, tags: 0, times: 0 };
      entry.times++;
      if (!seen.has(key)) entry.tags++;
      seen.add(key);
      counts.set(key, entry);
    }
  }
  return [...counts.values()].sort((a, b) => b.tags - a.tags || b.times - a.times || a.zones.join().localeCompare(b.zones.join())).slice(0, limit);
}
