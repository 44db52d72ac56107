import ImageTracer from 'imagetracerjs';
import sharp from 'sharp';
import simplify from 'simplify-js';

/** A wall polyline in image pixels. */
export type PixelPolyline = Array<[number, number]>;

// Tracing runs on a copy whose long side is at most this: walls survive, and imagetracerjs' time grows
// with the pixel count (a 4000 × 3000 plan traced at full size takes minutes, not seconds).
export const TRACE_LONG_SIDE = 1600;
// Opening (erode, then dilate) by this radius on the traced copy removes strokes thinner than
// 2r + 1 px: room names, dimensions, hatching. Walls are drawn thicker than text.
const OPEN_RADIUS = 1;
const SIMPLIFY_TOLERANCE_PX = 1.5;
// Outlines smaller than this share of the plan's long side are lettering, symbols or furniture, not
// walls: on a 40 m plan, anything under 1 m across. Large lettering survives the opening; not this.
const MIN_OUTLINE_SHARE = 0.025;
// Segments within 5° of horizontal or vertical are snapped to it: floor plans are mostly orthogonal.
const SNAP_TAN = Math.tan((5 * Math.PI) / 180);

/** Min (erode) or max (dilate) of a 0/1 mask over a (2r+1)² square, as two 1-D passes; outside counts as 0. */
function morph(mask: Uint8Array, width: number, height: number, r: number, op: 'erode' | 'dilate'): Uint8Array {
  const pick = op === 'erode' ? Math.min : Math.max;
  const rows = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = op === 'erode' ? 1 : 0;
      for (let d = -r; d <= r; d++) {
        const xx = x + d;
        v = pick(v, xx < 0 || xx >= width ? 0 : mask[y * width + xx]!);
      }
      rows[y * width + x] = v;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = op === 'erode' ? 1 : 0;
      for (let d = -r; d <= r; d++) {
        const yy = y + d;
        v = pick(v, yy < 0 || yy >= height ? 0 : rows[yy * width + x]!);
      }
      out[y * width + x] = v;
    }
  }
  return out;
}

function snapOrthogonal(points: PixelPolyline): PixelPolyline {
  const out = points.map((p) => [p[0], p[1]] as [number, number]);
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1]!;
    const b = out[i]!;
    const dx = Math.abs(b[0] - a[0]);
    const dy = Math.abs(b[1] - a[1]);
    if (dy <= dx * SNAP_TAN) b[1] = a[1];
    else if (dx <= dy * SNAP_TAN) b[0] = a[0];
  }
  return out;
}

/**
 * A first draft of a plan's walls: greyscale, normalise, median, threshold (sharp) → opening to drop
 * text → outline tracing (imagetracerjs, Unlicense) → small outlines dropped → Douglas–Peucker (simplify-js) → orthogonal snap.
 * Each wall comes out as the closed outline of a dark stroke; the client corrects it in the editor.
 */
export async function traceWalls(image: Buffer): Promise<{ width: number; height: number; walls: PixelPolyline[] }> {
  const meta = await sharp(image).metadata();
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  const scale = Math.min(1, TRACE_LONG_SIDE / Math.max(width, height));
  const { data, info } = await sharp(image)
    .greyscale()
    .resize({ width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)), fit: 'fill' })
    .normalise()
    .median(3)
    .threshold(128)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const dark = new Uint8Array(w * h);
  for (let i = 0; i < dark.length; i++) dark[i] = data[i * info.channels]! < 128 ? 1 : 0;
  const opened = morph(morph(dark, w, h, OPEN_RADIUS, 'erode'), w, h, OPEN_RADIUS, 'dilate');
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < opened.length; i++) {
    const v = opened[i] ? 0 : 255;
    rgba.set([v, v, v, 255], i * 4);
  }
  const traced = ImageTracer.imagedataToTracedata(
    { width: w, height: h, data: rgba },
    {
      ltres: 1,
      qtres: 1,
      pathomit: 12,
      rightangleenhance: true,
      colorsampling: 0,
      numberofcolors: 2,
      colorquantcycles: 1,
      blurradius: 0,
      pal: [
        { r: 0, g: 0, b: 0, a: 255 },
        { r: 255, g: 255, b: 255, a: 255 },
      ],
    },
  );
  const walls: PixelPolyline[] = [];
  const minSize = MIN_OUTLINE_SHARE * Math.max(w, h);
  for (const path of traced.layers[0] ?? []) {
    if (path.segments.length < 2) continue;
    const points = path.segments.map((s) => ({ x: s.x1, y: s.y1 }));
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    if (Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) < minSize) continue;
    points.push(points[0]!);
    const simple = simplify(points, SIMPLIFY_TOLERANCE_PX, true);
    if (simple.length < 2) continue;
    walls.push(snapOrthogonal(simple.map((p) => [p.x / scale, p.y / scale])));
  }
  return { width, height, walls };
}
