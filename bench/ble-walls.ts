import sharp from 'sharp';
import { TRACE_LONG_SIDE, traceWalls, type PixelPolyline } from '../api/products/ble/trace-walls.ts';
import { traceInWorker } from '../api/products/ble/wall-tracer.ts';
import { DEMO_FLOOR, renderFloorPng } from '../device-sim/ble-site/floor.ts';

// Wall tracing quality and time on the simulator's demo floor, rendered at several sizes.
// Precision: share of traced wall length within TOLERANCE of a true wall; recall: share of true wall
// length within TOLERANCE of a traced wall. A traced wall is the outline of the drawn stroke, so the
// tolerance is half the wall thickness plus 3 px, counted both at full resolution and at the resolution
// the tracer sees (plans are traced at a long side of at most 1600 px, so 3 px there is 7.5 px of a
// 4000 px plan).
type Segment = [[number, number], [number, number]];
const EXTRA_TOLERANCE_PX = 3;

function distanceToSegment(p: [number, number], [a, b]: Segment): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

function* samples(segments: Segment[]): Generator<[number, number]> {
  for (const [a, b] of segments) {
    const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1])));
    for (let i = 0; i <= n; i++) yield [a[0] + ((b[0] - a[0]) * i) / n, a[1] + ((b[1] - a[1]) * i) / n];
  }
}

function coverage(from: Segment[], to: Segment[], tolerance: number): number {
  let near = 0;
  let all = 0;
  for (const p of samples(from)) {
    all++;
    if (to.some((s) => distanceToSegment(p, s) <= tolerance)) near++;
  }
  return all === 0 ? 0 : near / all;
}

const toSegments = (lines: PixelPolyline[]): Segment[] => lines.flatMap((l) => l.slice(1).map((p, i) => [l[i]!, p] as Segment));

// The clean renders, and a "scan" of the 50 px/m one: blurred, on a grey page, saved as a JPEG at quality 60.
const scanned = async (png: Buffer) => sharp(png).blur(1.2).linear(0.85, 20).jpeg({ quality: 60 }).toBuffer();
const cases: Array<[number, boolean]> = [[25, false], [50, false], [100, false], [50, true]];
for (const [pxPerMetre, scan] of cases) {
  const clean = await renderFloorPng(DEMO_FLOOR, pxPerMetre);
  const png = scan ? await scanned(clean) : clean;
  const truth: Segment[] = DEMO_FLOOR.walls.map(([a, b]) => [[a[0] * pxPerMetre, a[1] * pxPerMetre], [b[0] * pxPerMetre, b[1] * pxPerMetre]]);
  let started = performance.now();
  const { width, height, walls } = await traceWalls(png);
  const inline = performance.now() - started;
  started = performance.now();
  await traceInWorker(png);
  const inWorker = performance.now() - started;
  const traced = toSegments(walls);
  const tracedScale = Math.min(1, TRACE_LONG_SIDE / Math.max(width, height));
  const quality = [EXTRA_TOLERANCE_PX, EXTRA_TOLERANCE_PX / tracedScale].map((extra) => {
    const tolerance = (DEMO_FLOOR.wallThickness * pxPerMetre) / 2 + extra;
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    return `±${tolerance.toFixed(1)} px: precision ${pct(coverage(traced, truth, tolerance))}, recall ${pct(coverage(truth, traced, tolerance))}`;
  });
  console.log(
    `${scan ? 'scanned JPEG ' : ''}${width}×${height} px (${pxPerMetre} px/m, walls ${DEMO_FLOOR.wallThickness * pxPerMetre} px): ${walls.length} polylines, ${traced.length} segments; ` +
      `${quality.join('; ')}; trace ${inline.toFixed(0)} ms in-thread, ${inWorker.toFixed(0)} ms in a worker (incl. its start-up)`,
  );
}
