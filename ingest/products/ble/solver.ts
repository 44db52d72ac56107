/** A receiver hearing the tag: where it is on the plan and how far the tag seems (horizontal metres). */
export interface Range {
  x: number;
  y: number;
  d: number;
}

/** A raw position before motion filtering, with an error radius (m) describing how much to trust it. */
export interface Solution {
  x: number;
  y: number;
  errorM: number;
}

export interface PlanBounds {
  width: number;
  height: number;
}

// Softens 1/d² so a reading at 0.1 m does not take all the weight.
const EPSILON_M2 = 0.5;
const GAUSS_NEWTON_STEPS = 20;
// A lone receiver says "near me", no more: its range plus this is the error radius.
const SINGLE_RECEIVER_SLACK_M = 1.5;

const weight = (r: Range) => 1 / (r.d * r.d + EPSILON_M2);

/** Weighted centroid Σwᵢpᵢ/Σwᵢ with wᵢ = 1/(dᵢ²+ε): ESPresense-companion's robust default. */
export function weightedCentroid(ranges: readonly Range[]): { x: number; y: number } {
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (const r of ranges) {
    const w = weight(r);
    sw += w;
    sx += w * r.x;
    sy += w * r.y;
  }
  return { x: sx / sw, y: sy / sw };
}

/**
 * Where the tag is by its ranges: ≥ 3 → weighted least squares started from the
 * weighted centroid; 2 → on the segment between them, split by the ranges; 1 → at the receiver, with
 * a large error radius. Always inside the plan.
 */
export function solvePosition(ranges: readonly Range[], plan: PlanBounds): Solution {
  if (ranges.length === 0) throw new Error('solvePosition needs at least one range');
  const clamp = (p: { x: number; y: number }, errorM: number): Solution => ({
    x: Math.min(plan.width, Math.max(0, p.x)),
    y: Math.min(plan.height, Math.max(0, p.y)),
    errorM,
  });
  if (ranges.length === 1) {
    const r = ranges[0]!;
    return clamp(r, r.d + SINGLE_RECEIVER_SLACK_M);
  }
  if (ranges.length === 2) {
    const [a, b] = ranges as [Range, Range];
    const t = a.d / (a.d + b.d);
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    // Off the segment the tag may be anywhere on a circle arc: half the gap and the ranges' spread.
    return clamp({ x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) }, Math.max(1, Math.min(a.d, b.d), length / 4));
  }
  // Two ranges crossing leave a mirror image; the farther receivers tell which one is right only if
  // the search starts on its side. So three starts — the centroid, the loudest receiver, the midpoint of
  // the two loudest — and the cheapest answer inside the plan wins.
  const [a, b] = [...ranges].sort((p, q) => p.d - q.d) as [Range, Range];
  const starts = [weightedCentroid(ranges), { x: a.x, y: a.y }, { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }];
  let best: Solution | undefined;
  let bestCost = Infinity;
  for (const start of starts) {
    const solved = clamp(leastSquares(ranges, start), 0);
    const cost = weightedCost(ranges, solved);
    if (cost < bestCost) {
      bestCost = cost;
      best = solved;
    }
  }
  return { ...best!, errorM: Math.max(0.5, residualRms(ranges, best!)) };
}

/**
 * Gauss–Newton on Σ wᵢ(|p − rᵢ| − dᵢ)² with Levenberg damping; steps that do not lower the cost are
 * refused (the damping grows), so the answer is never worse than the centroid it starts from.
 */
export function leastSquares(ranges: readonly Range[], start: { x: number; y: number }): { x: number; y: number } {
  let p = { ...start };
  let cost = weightedCost(ranges, p);
  let lambda = 1e-3;
  for (let step = 0; step < GAUSS_NEWTON_STEPS; step++) {
    let a11 = 0;
    let a12 = 0;
    let a22 = 0;
    let b1 = 0;
    let b2 = 0;
    for (const r of ranges) {
      const dx = p.x - r.x;
      const dy = p.y - r.y;
      const dist = Math.max(Math.hypot(dx, dy), 1e-6);
      const jx = dx / dist;
      const jy = dy / dist;
      const w = weight(r);
      const res = dist - r.d;
      a11 += w * jx * jx;
      a12 += w * jx * jy;
      a22 += w * jy * jy;
      b1 += w * jx * res;
      b2 += w * jy * res;
    }
    const d11 = a11 * (1 + lambda) + 1e-9;
    const d22 = a22 * (1 + lambda) + 1e-9;
    const det = d11 * d22 - a12 * a12;
    if (Math.abs(det) < 1e-12) break;
    const next = { x: p.x - (d22 * b1 - a12 * b2) / det, y: p.y - (d11 * b2 - a12 * b1) / det };
    const nextCost = weightedCost(ranges, next);
    if (nextCost < cost) {
      const gain = cost - nextCost;
      p = next;
      cost = nextCost;
      lambda /= 10;
      if (gain < 1e-6) break;
    } else {
      lambda *= 10;
    }
  }
  return p;
}

function weightedCost(ranges: readonly Range[], p: { x: number; y: number }): number {
  let c = 0;
  for (const r of ranges) {
    const res = Math.hypot(p.x - r.x, p.y - r.y) - r.d;
    c += weight(r) * res * res;
  }
  return c;
}

/** The weighted RMS of range residuals at p: how well the ranges agree there. */
function residualRms(ranges: readonly Range[], p: { x: number; y: number }): number {
  let sw = 0;
  for (const r of ranges) sw += weight(r);
  return Math.sqrt(weightedCost(ranges, p) / sw);
}
