/** Plan geometry in metres (origin top-left, y down): the checks a zone polygon must pass, and areas. */
export type Point = readonly [x: number, y: number];

/** Area of a simple polygon by the planar shoelace formula (plans are flat; no earth geodesy). */
export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x2, y2] = points[(i + 1) % points.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

function onSegment(p: Point, a: Point, b: Point): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Whether segments ab and cd share any point (touching and collinear overlap included). */
export function segmentsIntersect(a: Point, b: Point, c: Point, d: Point): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(a, c, d)) || (d2 === 0 && onSegment(b, c, d)) || (d3 === 0 && onSegment(c, a, b)) || (d4 === 0 && onSegment(d, a, b))
  );
}

/** Why a polygon is not a usable zone outline inside a plan of the given size, or null. */
export function polygonProblem(points: readonly Point[], bounds: { width: number; height: number }): string | null {
  if (points.length < 3) return 'a zone needs at least 3 vertices';
  if (points.some(([x, y]) => x < 0 || y < 0 || x > bounds.width || y > bounds.height)) return 'every vertex must lie inside the plan';
  if (polygonArea(points) === 0) return 'the polygon has no area';
  const n = points.length;
  // O(n²) over edges is fine: zone outlines have tens of vertices, and the schema caps them.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      const [a, b, c, d] = [points[i]!, points[(i + 1) % n]!, points[j]!, points[(j + 1) % n]!];
      if (adjacent) {
        // Neighbouring edges share a vertex; they only overlap if one folds back along the other.
        const shared = j === i + 1 ? b : a;
        const far = j === i + 1 ? d : c;
        const near = j === i + 1 ? a : b;
        if (cross(near, shared, far) === 0 && (far[0] - shared[0]) * (near[0] - shared[0]) + (far[1] - shared[1]) * (near[1] - shared[1]) > 0) {
          return 'the polygon folds back on itself';
        }
        continue;
      }
      if (segmentsIntersect(a, b, c, d)) return 'the polygon must not intersect itself';
    }
  }
  return null;
}
