/** One axis of the constant-velocity model: position, velocity and their covariance. */
interface Axis {
  p: number;
  v: number;
  pp: number;
  pv: number;
  vv: number;
}

export interface MotionOptions {
  /** Fixes implying a faster move are pulled back to this speed (m/s) before they are filtered. */
  maxSpeedMps: number;
  /** White-acceleration noise (m/s²): how briskly people start, stop and turn. */
  accelerationSigma: number;
  /** After this long without a fix the track starts afresh at the next one. */
  resetAfterMs: number;
}

/**
 * A constant-velocity Kalman filter on the plan (x and y as two independent axes, sharing the
 * measurement's error radius as its noise). Raw fixes jump by metres at σ 4 dB; the filter trades a
 * little lag for a steady track, and the speed limit keeps one bad fix from throwing a tag across a room.
 */
export class MotionFilter {
  private x: Axis | undefined;
  private y: Axis | undefined;
  private lastTs = 0;

  constructor(private readonly opts: MotionOptions) {}

  /** Filters a raw fix taken at `ts` (epoch ms) with error radius `errorM`; returns the filtered position and its error radius. */
  update(ts: number, zx: number, zy: number, errorM: number): { x: number; y: number; errorM: number } {
    const r = errorM * errorM;
    if (!this.x || !this.y || ts - this.lastTs > this.opts.resetAfterMs) {
      this.x = { p: zx, v: 0, pp: r, pv: 0, vv: 1 };
      this.y = { p: zy, v: 0, pp: r, pv: 0, vv: 1 };
      this.lastTs = ts;
      return { x: zx, y: zy, errorM };
    }
    const dt = Math.max(0.001, (ts - this.lastTs) / 1000);
    this.lastTs = ts;
    // The speed gate: a jump beyond max speed is limited to it, along its own direction.
    const dx = zx - this.x.p;
    const dy = zy - this.y.p;
    const jump = Math.hypot(dx, dy);
    const allowed = this.opts.maxSpeedMps * dt;
    const scale = jump > allowed ? allowed / jump : 1;
    const q = this.opts.accelerationSigma ** 2;
    for (const [axis, z] of [
      [this.x, this.x.p + dx * scale],
      [this.y, this.y.p + dy * scale],
    ] as const) {
      predict(axis, dt, q);
      correct(axis, z, r);
    }
    const speed = Math.hypot(this.x.v, this.y.v);
    if (speed > this.opts.maxSpeedMps) {
      this.x.v *= this.opts.maxSpeedMps / speed;
      this.y.v *= this.opts.maxSpeedMps / speed;
    }
    return { x: this.x.p, y: this.y.p, errorM: Math.sqrt(this.x.pp + this.y.pp) };
  }
}

function predict(a: Axis, dt: number, q: number): void {
  a.p += a.v * dt;
  const pp = a.pp + 2 * dt * a.pv + dt * dt * a.vv + (q * dt ** 4) / 4;
  const pv = a.pv + dt * a.vv + (q * dt ** 3) / 2;
  a.vv += q * dt * dt;
  a.pp = pp;
  a.pv = pv;
}

function correct(a: Axis, z: number, r: number): void {
  const s = a.pp + r;
  const kp = a.pp / s;
  const kv = a.pv / s;
  const innovation = z - a.p;
  a.p += kp * innovation;
  a.v += kv * innovation;
  const pp = (1 - kp) * a.pp;
  const pv = (1 - kp) * a.pv;
  a.vv -= kv * a.pv;
  a.pp = pp;
  a.pv = pv;
}
