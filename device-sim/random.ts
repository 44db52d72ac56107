/**
 * Seeded randomness for the simulator: mulberry32 (tiny, fast, good enough for traffic shapes), and
 * seeds derived from names so every device, day and visit has its own independent, repeatable stream.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let x = this.state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Normal distribution (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median, e.g. dwell times: most short, a long tail. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  /** `count` random bytes. */
  bytes(count: number): number[] {
    return Array.from({ length: count }, () => Math.floor(this.next() * 256));
  }
}

/** A 32-bit seed derived from a base seed and names (FNV-1a), so streams do not depend on call order. */
export function deriveSeed(seed: number, ...parts: Array<string | number>): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const ch of parts.join('/')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export const randomFor = (seed: number, ...parts: Array<string | number>) => new Random(deriveSeed(seed, ...parts));

/** Formats bytes as a canonical MAC. */
export const formatMac = (bytes: readonly number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
