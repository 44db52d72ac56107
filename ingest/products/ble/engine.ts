import type { Bus } from '../../../core/bus.ts';
import type { Logger } from '../../../core/logger.ts';
import type { PositioningParams } from '../../../core/products/ble.ts';
import type { LiveFix, LiveFixes } from '../../../core/products/ble-live.ts';
import { horizontalDistance } from './distance.ts';
import { decodeStoredRows, type Reading } from './events.ts';
import { MotionFilter } from './motion-filter.ts';
import { POSITIONS, ZONE_VISITS, type PositionsWriter } from './positions-writer.ts';
import { RssiWindow } from './rssi-window.ts';
import type { SiteModel, SitePlan } from './site-model.ts';
import type { ReceiverRecord } from './site-repository.ts';
import { solvePosition, type Range } from './solver.ts';
import { ZoneVisits } from './zone-visits.ts';
import { zoneAt, ZoneHysteresis } from './zones.ts';

/** One tag's working state: its receivers' windows, its track on a plan, its zone and open visit. */
interface TagTrack {
  tagId: number;
  organizationId: number;
  windows: Map<number, RssiWindow>;
  lastFixTs: number;
  /** Its first reading: its first fix is there (the instants it is fixed at keep the phase of its advertisements). */
  firstTs: number;
  planId: number | undefined;
  motion: MotionFilter | undefined;
  zone: ZoneHysteresis | undefined;
  visits: ZoneVisits;
  /** The latest fix: the tag's current state for the live map. */
  live: LiveFix | undefined;
  /** Filtered positions of the last few seconds (is it walking?). */
  trail: Array<{ ts: number; x: number; y: number }>;
}

/** How far a receiver's readings have come: the event time of its newest, and when (wall clock) it came. */
interface ReceiverProgress {
  latestTs: number;
  arrivedWall: number;
}

/** A receiver's smoothed view of a tag, calibrated. */
interface Heard {
  receiver: ReceiverRecord;
  rssi: number;
  txPower: number;
}

// Nearest receivers used in a solve: farther ones add noise and cost, not information.
const MAX_RANGES = 6;
// An open visit's row is refreshed this often as it extends (the views read closed = 0 as "still there").
const VISIT_REFRESH_MS = 10_000;
// How far an organization's event clock may run ahead of this machine's clock.
const MAX_AHEAD_MS = 2000;
// Instants of a tag a round fixes at most when catching up (batches arrive every few seconds).
const MAX_CATCH_UP = 5;
// A track that covered this distance over the last MOVING_WINDOW_MS is someone walking (zone switches
// need less depth); a tag standing still scatters about a metre, whatever its filter's momentary speed.
const MOVING_M = 3.5;
const MOVING_WINDOW_MS = 5000;
// People start, stop and turn at about this acceleration (m/s²): the motion filter's process noise.
const ACCELERATION_SIGMA = 1;

export interface EngineCounters {
  readings: number;
  /** Readings of tags no organization registered, or heard by receivers not placed on a plan: not positioned. */
  ignoredReadings: number;
  fixes: number;
  rounds: number;
  /** Time spent feeding and in rounds (ms; synchronous work, so CPU time unless the machine is contended), for bench:ble. */
  busyMs: number;
}

/**
 * The positioning engine: readings in (from stored ble_events rows), fixes out. Time is event time:
 * each organization's clock is the newest reading heard, moving on with the wall clock while nothing
 * arrives — so a replay or a simulation faster than real time positions exactly as live traffic would.
 * A round fixes every tag heard anew whose last fix is `fix_interval_ms` old, closes visits silent
 * for `visit_timeout_ms`, announces the fixes per plan on the bus and queues their rows. An instant is
 * fixed only once its readings are in: scanners send batches with their own phases, so when one
 * receiver's batch up to T arrives the others' readings up to T may still be on their way — a round
 * fixes up to the oldest newest reading of the organization's receivers, waiting at most
 * `receiverWaitMs` (wall clock) for a receiver since its last batch (a dead one stalls nobody long).
 */
export class PositioningEngine {
  readonly counters: EngineCounters = { readings: 0, ignoredReadings: 0, fixes: 0, rounds: 0, busyMs: 0 };
  private readonly tracks = new Map<number, TagTrack>();
  private readonly dirty = new Set<TagTrack>();
  private readonly clocks = new Map<number, { eventTs: number; wallTs: number }>();
  /** Per organization: when its last batch came (wall clock), and each of its placed receivers' progress. */
  private readonly progress = new Map<number, { arrivedWall: number; receivers: Map<number, ReceiverProgress> }>();

  constructor(
    private site: SiteModel,
    private readonly deps: { bus: Bus; writer: PositionsWriter; log: Logger; receiverWaitMs: number; wallClock?: () => number },
  ) {}

  /** Swaps in a reloaded site model (tracks keep their state; a moved receiver counts from its new spot). */
  setSite(site: SiteModel): void {
    this.site = site;
  }

  /** Stored rows of ble_events, as the ingest path made them durable. */
  feedRows(rows: string): void {
    const started = performance.now();
    for (const r of decodeStoredRows(rows)) this.feed(r);
    this.counters.busyMs += performance.now() - started;
  }

  /** The latest fix of every tag on a plan (the live map's snapshot in this process). */
  current(planId: number): LiveFix[] {
    const out: LiveFix[] = [];
    for (const t of this.tracks.values()) if (t.planId === planId && t.live) out.push(t.live);
    return out;
  }

  /** Whether any tag is tracked: later rounds must fix it or close its visit, even if nothing arrives. */
  get hasWork(): boolean {
    return this.dirty.size > 0 || this.tracks.size > 0;
  }

  private feed(r: Reading): void {
    this.counters.readings++;
    const receiver = this.site.receiver(r.organizationId, r.deviceId);
    // One scanner with its clock minutes ahead (ingest accepts some skew) must not age everyone else's
    // readings: the organization's clock never runs ahead of the wall clock by more than MAX_AHEAD_MS.
    const wall = this.wall();
    const ts = Math.min(r.ts, wall + MAX_AHEAD_MS);
    // Any reading of a placed receiver, of a registered tag or not, says how far its batches have come.
    if (receiver) this.advance(r.organizationId, r.deviceId, ts, wall);
    const tagId = receiver && this.site.tagId(r.organizationId, r.uuid, r.major, r.minor);
    if (!receiver || tagId === undefined) {
      this.counters.ignoredReadings++;
      return;
    }
    let track = this.tracks.get(tagId);
    if (!track) {
      track = {
        tagId,
        organizationId: r.organizationId,
        windows: new Map(),
        lastFixTs: -Infinity,
        firstTs: ts,
        planId: undefined,
        motion: undefined,
        zone: undefined,
        visits: new ZoneVisits(tagId, VISIT_REFRESH_MS),
        live: undefined,
        trail: [],
      };
      this.tracks.set(tagId, track);
    }
    // Readings of one batch come in any order: the first fix is at the earliest.
    if (track.lastFixTs === -Infinity) track.firstTs = Math.min(track.firstTs, ts);
    let window = track.windows.get(r.deviceId);
    if (!window) track.windows.set(r.deviceId, (window = new RssiWindow(r.txPower)));
    window.add(r.ts, r.rssi, r.txPower);
    this.dirty.add(track);
    const clock = this.clocks.get(r.organizationId);
    if (!clock || ts > clock.eventTs) this.clocks.set(r.organizationId, { eventTs: ts, wallTs: wall });
  }

  private advance(organizationId: number, deviceId: number, ts: number, wall: number): void {
    let org = this.progress.get(organizationId);
    if (!org) this.progress.set(organizationId, (org = { arrivedWall: wall, receivers: new Map() }));
    const receivers = org.receivers;
    // The first batch after the whole organization fell silent (a night, a network outage) is not fixed
    // alone: the receivers that were reporting until then are waited for again, as they resume with their
    // own phases (not those already silent before: a dead receiver would be waited for after every pause).
    if (wall - org.arrivedWall > this.deps.receiverWaitMs)
      for (const other of receivers.values()) if (org.arrivedWall - other.arrivedWall <= this.deps.receiverWaitMs) other.arrivedWall = wall;
    org.arrivedWall = wall;
    const p = receivers.get(deviceId);
    if (!p) receivers.set(deviceId, { latestTs: ts, arrivedWall: wall });
    else {
      p.latestTs = Math.max(p.latestTs, ts);
      p.arrivedWall = wall;
    }
  }

  /**
   * The newest instant of the organization whose readings are in: the oldest newest reading among its
   * receivers whose last batch came within `receiverWaitMs` (one silent longer is dead, out of range of
   * every tag or lagging, and is not waited for: it joins again with its next batch). Never past `now`.
   */
  private complete(organizationId: number, now: number): number {
    const org = this.progress.get(organizationId);
    if (!org) return now;
    const wall = this.wall();
    let until = now;
    for (const p of org.receivers.values()) if (wall - p.arrivedWall <= this.deps.receiverWaitMs) until = Math.min(until, p.latestTs);
    return until;
  }

  private wall(): number {
    return (this.deps.wallClock ?? Date.now)();
  }

  /** The organization's event-time now. */
  private now(organizationId: number): number {
    const c = this.clocks.get(organizationId);
    return c ? c.eventTs + Math.max(0, this.wall() - c.wallTs) : this.wall();
  }

  /**
   * Fixes what is due, closes what went silent, announces and queues the results. `flush`: every
   * batch sent has been consumed (settle), so the instants up to each organization's newest reading are
   * fixed without waiting for receivers (and not past it: what a settled state holds is not a matter
   * of how long settling took).
   */
  round({ flush = false } = {}): void {
    const started = performance.now();
    this.counters.rounds++;
    const byPlan = new Map<number, LiveFixes>();
    const positions: string[] = [];
    const visits: string[] = [];
    const clocks = new Map<number, { clock: number; complete: number }>();
    for (const track of this.dirty) {
      const org = track.organizationId;
      let c = clocks.get(org);
      if (!c) {
        const clock = this.now(org);
        clocks.set(org, (c = { clock, complete: flush ? (this.clocks.get(org)?.eventTs ?? clock) : this.complete(org, clock) }));
      }
      const now = c.complete;
      const params = this.site.paramsOf(org);
      const interval = params.fix_interval_ms;
      if (now - track.lastFixTs < interval) continue;
      // Readings past the complete instant wait for the next round.
      if (now >= c.clock) this.dirty.delete(track);
      // Scanners send batches every few seconds: the instants a round missed are fixed from the readings
      // up to each of them, so a tag's track keeps its fix interval in event time (capped after a gap).
      let at = track.lastFixTs === -Infinity ? track.firstTs : track.lastFixTs + interval;
      if (!(at > now - MAX_CATCH_UP * interval)) at = now;
      let last: ReturnType<PositioningEngine['fix']>;
      for (; at <= now; at += interval) {
        const fix = this.fix(track, at, params, visits);
        if (!fix) continue;
        last = fix;
        const { plan, live, receivers } = fix;
        positions.push(
          `${plan.organizationId}\t${plan.locationId}\t${plan.id}\t${live.tagId}\t${live.ts}\t${live.x}\t${live.y}\t${live.zoneId ?? 0}\t${live.errorM}\t${receivers}\t${live.bestDeviceId}\t${live.bestRssi}\n`,
        );
      }
      if (!last) continue;
      // The live map gets each tag's newest fix of the round.
      const { plan, live } = last;
      let message = byPlan.get(plan.id);
      if (!message) byPlan.set(plan.id, (message = { organizationId: plan.organizationId, locationId: plan.locationId, planId: plan.id, fixes: [] }));
      message.fixes.push(live);
    }
    this.expire(visits);
    this.deps.writer.add(POSITIONS, positions);
    this.deps.writer.add(ZONE_VISITS, visits);
    for (const message of byPlan.values()) this.deps.bus.emit('ble.fixes', message);
    this.counters.fixes += positions.length;
    this.counters.busyMs += performance.now() - started;
  }

  /** Closes the visits of tags without a fix for `visit_timeout_ms`, and forgets tags heard by nobody. */
  private expire(visits: string[]): void {
    for (const track of this.tracks.values()) {
      const now = this.now(track.organizationId);
      const params = this.site.paramsOf(track.organizationId);
      if (now - track.lastFixTs <= params.visit_timeout_ms) continue;
      visits.push(...track.visits.close(track.lastFixTs));
      // After the silence the tag starts afresh: its first fix takes its zone at once.
      track.motion = undefined;
      track.zone = undefined;
      for (const [deviceId, w] of track.windows) if (w.prune(now - params.rssi_max_age_ms)) track.windows.delete(deviceId);
      if (track.windows.size === 0 && !this.dirty.has(track)) this.tracks.delete(track.tagId);
    }
  }

  /** One fix of a tag at `now`, or undefined when no placed receiver heard it recently. */
  private fix(track: TagTrack, now: number, params: PositioningParams, visits: string[]) {
    const heard = this.heardBy(track, now, params);
    if (heard.length === 0) return undefined;
    const plan = this.strongestPlan(heard);
    if (!plan) return undefined;
    const onPlan = heard.filter((h) => h.receiver.planId === plan.id).sort((a, b) => b.rssi - a.rssi);
    const ranges: Range[] = onPlan.slice(0, MAX_RANGES).map((h) => ({
      x: h.receiver.x,
      y: h.receiver.y,
      d: horizontalDistance(h.rssi, h.txPower, {
        pathLossExponent: params.path_loss_exponent,
        defaultTxPower: params.default_tx_power,
        heightAboveTagM: h.receiver.heightM - params.tag_height_m,
        maxDistanceM: params.max_distance_m,
      }),
    }));
    const raw = solvePosition(ranges, plan);
    if (track.planId !== plan.id || !track.motion || !track.zone) {
      visits.push(...track.visits.close(now));
      track.planId = plan.id;
      track.motion = new MotionFilter({ maxSpeedMps: params.max_speed_mps, accelerationSigma: ACCELERATION_SIGMA, resetAfterMs: params.visit_timeout_ms });
      track.zone = new ZoneHysteresis({ evidenceM: params.zone_evidence_m, maxStepM: params.zone_max_step_m, shallowM: params.zone_shallow_m, fixesAny: params.zone_fixes_any });
    }
    const filtered = track.motion.update(now, raw.x, raw.y, raw.errorM);
    const x = Math.min(plan.width, Math.max(0, filtered.x));
    const y = Math.min(plan.height, Math.max(0, filtered.y));
    const zoneId = track.zone.step(zoneAt([x, y], plan.zones), this.moving(track, now, x, y));
    visits.push(...track.visits.fix({ organizationId: plan.organizationId, locationId: plan.locationId, planId: plan.id }, zoneId, now));
    track.lastFixTs = now;
    const best = onPlan[0]!;
    const live: LiveFix = {
      tagId: track.tagId,
      ts: now,
      x: round2(x),
      y: round2(y),
      errorM: round2(Math.max(0.3, Math.min(raw.errorM, filtered.errorM))),
      zoneId: zoneId === 0 ? null : zoneId,
      bestDeviceId: best.receiver.deviceId,
      bestRssi: Math.round(best.rssi),
    };
    track.live = live;
    return { plan, live, receivers: Math.min(onPlan.length, 255) };
  }

  /** Whether the tag moved MOVING_M over the last MOVING_WINDOW_MS (its recent filtered positions). */
  private moving(track: TagTrack, now: number, x: number, y: number): boolean {
    const trail = track.trail;
    trail.push({ ts: now, x, y });
    while (trail.length > 1 && trail[1]!.ts <= now - MOVING_WINDOW_MS) trail.shift();
    const first = trail[0]!;
    return now - first.ts >= MOVING_WINDOW_MS - 1 && Math.hypot(x - first.x, y - first.y) >= MOVING_M;
  }

  /** Each receiver still placed that heard the tag within the max age: its smoothed, calibrated RSSI. */
  private heardBy(track: TagTrack, now: number, params: PositioningParams): Heard[] {
    const heard: Heard[] = [];
    for (const [deviceId, window] of track.windows) {
      if (window.prune(now - params.rssi_max_age_ms)) {
        track.windows.delete(deviceId);
        continue;
      }
      const receiver = this.site.receiver(track.organizationId, deviceId);
      const rssi = receiver && window.smoothed(now, params.rssi_window_ms, params.rssi_max_age_ms);
      if (receiver && rssi !== undefined && rssi !== null) heard.push({ receiver, rssi: rssi + receiver.rssiOffsetDb, txPower: window.txPower });
    }
    return heard;
  }

  /** The plan whose receivers hear the tag best (a tag heard through a floor is placed where it is loudest). */
  private strongestPlan(heard: readonly Heard[]): SitePlan | undefined {
    let best: Heard | undefined;
    for (const h of heard) if (!best || h.rssi > best.rssi) best = h;
    return best && this.site.plan(best.receiver.planId);
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100;
