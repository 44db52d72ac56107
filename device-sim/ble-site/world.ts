import { segmentsIntersect, type Point } from '../../core/products/ble-geometry.ts';
import { Random } from '../random.ts';
import type { Metres, SimFloor } from './floor.ts';

/**
 * The radio model of the BLE ground truth: log-distance path loss from the tag to a ceiling-mounted
 * receiver, a loss per wall the line of sight crosses, Gaussian noise, occasional body-shadowing dips
 * and missed advertisements (ESPresense-companion's simulation model, plus walls).
 */
export interface RadioModel {
  txPower: number;
  pathLossExponent: number;
  noiseDb: number;
  /** Share of advertisements hit by a −dipDb dip (a body or shelf in the way). */
  dipShare: number;
  dipDb: number;
  /** Share of advertisements a receiver misses whatever the signal. */
  dropoutShare: number;
  /** Below this a receiver misses the advertisement. */
  sensitivityDbm: number;
  /** Attenuation per wall crossed (dB). */
  wallLossDb: number;
  receiverHeightM: number;
  tagHeightM: number;
  advertiseEveryMs: number;
}

export const RADIO: RadioModel = {
  txPower: -59,
  pathLossExponent: 2.7,
  noiseDb: 4,
  dipShare: 0.1,
  dipDb: 6,
  dropoutShare: 0.1,
  sensitivityDbm: -95,
  wallLossDb: 4,
  receiverHeightM: 2.5,
  tagHeightM: 1,
  advertiseEveryMs: 1000,
};

/** One part of a tag's day: standing somewhere for a while, or walking through waypoints. */
export type Leg = { stay: Metres; seconds: number } | { walk: Metres[]; speedMps?: number };

/** A tag of the site: its iBeacon minor and what it does from the script's start, repeated when `loop`. */
export interface TagScript {
  minor: number;
  legs: Leg[];
  loop?: boolean;
}

interface Segment {
  t0: number;
  t1: number;
  from: Metres;
  to: Metres;
}

const WALKING_SPEED_MPS = 1.2;

/** A tag's path as time-stamped straight segments (seconds from the script's start). */
export class TagPath {
  private readonly segments: Segment[] = [];
  readonly durationS: number;

  constructor(readonly script: TagScript) {
    let t = 0;
    let at: Metres | undefined;
    for (const leg of script.legs) {
      if ('stay' in leg) {
        if (at && (at[0] !== leg.stay[0] || at[1] !== leg.stay[1])) t = this.move(t, at, leg.stay, WALKING_SPEED_MPS);
        this.segments.push({ t0: t, t1: t + leg.seconds, from: leg.stay, to: leg.stay });
        t += leg.seconds;
        at = leg.stay;
      } else {
        for (const point of leg.walk) {
          if (at) t = this.move(t, at, point, leg.speedMps ?? WALKING_SPEED_MPS);
          at = point;
        }
      }
    }
    this.durationS = t;
  }

  private move(t: number, from: Metres, to: Metres, speed: number): number {
    const t1 = t + Math.hypot(to[0] - from[0], to[1] - from[1]) / speed;
    this.segments.push({ t0: t, t1, from, to });
    return t1;
  }

  /** Where the tag is `seconds` after the script's start. */
  at(seconds: number): Metres {
    const last = this.segments[this.segments.length - 1]!;
    let t = seconds;
    if (this.script.loop && this.durationS > 0) t = ((t % this.durationS) + this.durationS) % this.durationS;
    if (t >= last.t1) return last.to;
    if (t <= 0) return this.segments[0]!.from;
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.segments[mid]!.t1 <= t) lo = mid + 1;
      else hi = mid;
    }
    const s = this.segments[lo]!;
    const f = s.t1 > s.t0 ? (t - s.t0) / (s.t1 - s.t0) : 1;
    return [s.from[0] + f * (s.to[0] - s.from[0]), s.from[1] + f * (s.to[1] - s.from[1])];
  }
}

/** One advertisement as a receiver heard it. */
export interface Heard {
  minor: number;
  ts: number;
  rssi: number;
}

/**
 * The BLE ground truth of a site: tags following their scripts on a floor, heard by its receivers.
 * Pure: the same receiver, tag and advertisement always get the same RSSI, so any window of time can be
 * generated alone and truth can be recomputed after the fact.
 */
export class SiteWorld {
  readonly paths: TagPath[];

  constructor(
    readonly floor: SimFloor,
    scripts: readonly TagScript[],
    /** Epoch ms at which every script starts. */
    readonly originMs: number,
    readonly seed: number,
    readonly radio: RadioModel = RADIO,
  ) {
    this.paths = scripts.map((s) => new TagPath(s));
  }

  /** Where a tag truly is at `ts`. */
  position(path: TagPath, ts: number): Metres {
    return path.at((ts - this.originMs) / 1000);
  }

  /** The room a point is in (index into floor.rooms), or -1 outside every room. */
  roomAt(p: Point): number {
    return this.floor.rooms.findIndex((r) => p[0] >= r.at[0] && p[0] < r.at[0] + r.size[0] && p[1] >= r.at[1] && p[1] < r.at[1] + r.size[1]);
  }

  /** Walls crossed by the line from a to b. */
  wallsBetween(a: Point, b: Point): number {
    let n = 0;
    for (const [c, d] of this.floor.walls) if (segmentsIntersect(a, b, c, d)) n++;
    return n;
  }

  /** Expected RSSI (no noise) of a tag at p at receiver `receiver`. */
  meanRssi(receiver: number, p: Point): number {
    const r = this.floor.receivers[receiver]!;
    const dz = this.radio.receiverHeightM - this.radio.tagHeightM;
    const d = Math.max(0.1, Math.sqrt((p[0] - r.x) ** 2 + (p[1] - r.y) ** 2 + dz * dz));
    return this.radio.txPower - 10 * this.radio.pathLossExponent * Math.log10(d) - this.radio.wallLossDb * this.wallsBetween(p, [r.x, r.y]);
  }

  /** What receiver `receiver` heard in [fromMs, toMs), in time order; `off` receivers hear nothing. */
  heard(receiver: number, fromMs: number, toMs: number): Heard[] {
    const every = this.radio.advertiseEveryMs;
    const out: Heard[] = [];
    for (const path of this.paths) {
      const offset = (path.script.minor * 137) % every;
      for (let n = Math.ceil((fromMs - offset) / every); n * every + offset < toMs; n++) {
        const ts = n * every + offset;
        // One small stream per (receiver, tag, advertisement): windows are independent of each other. The
        // advertisement is counted from the origin, so a seed plays the same site whenever it is run
        // (counted from the epoch, the noise — and a test's figures — changed with the wall clock).
        const k = n - Math.floor(this.originMs / every);
        const rng = new Random(this.seed ^ Math.imul(receiver + 1, 0x2c1b3c6d) ^ Math.imul(path.script.minor, 0x297a2d39) ^ Math.imul(k, 0x9e3779b1));
        if (rng.chance(this.radio.dropoutShare)) continue;
        let rssi = rng.normal(this.meanRssi(receiver, this.position(path, ts)), this.radio.noiseDb);
        if (rng.chance(this.radio.dipShare)) rssi -= this.radio.dipDb;
        if (rssi < this.radio.sensitivityDbm) continue;
        out.push({ minor: path.script.minor, ts, rssi: Math.max(-127, Math.min(0, Math.round(rssi))) });
      }
    }
    return out.sort((a, b) => a.ts - b.ts);
  }

  /** Each tag's true position and room per second of [fromMs, toMs): the `--truth` of the site. */
  truth(fromMs: number, toMs: number): Array<{ minor: number; track: Array<{ ts: number; x: number; y: number; room: string | null }> }> {
    return this.paths.map((path) => {
      const track: Array<{ ts: number; x: number; y: number; room: string | null }> = [];
      for (let ts = Math.ceil(fromMs / 1000) * 1000; ts < toMs; ts += 1000) {
        const p = this.position(path, ts);
        const room = this.roomAt(p);
        track.push({ ts, x: Math.round(p[0] * 100) / 100, y: Math.round(p[1] * 100) / 100, room: room < 0 ? null : this.floor.rooms[room]!.name });
      }
      return { minor: path.script.minor, track };
    });
  }
}
