import { formatMac, Random, randomFor } from '../random.ts';
import { configValue, type Generated, type ProductTruth, type SimProduct, type SimSighting, type SiteContext, type SiteTraffic } from './product.ts';

/**
 * WiFi probe requests seen by a scanner in monitor mode at one site (a shop, a mall entrance).
 * People arrive over the day (lunch and evening peaks, UTC opening hours); visitors stay minutes to
 * hours with a good signal, passers-by walk past in seconds with a weak one; a pool of regulars with
 * real (vendor) MACs comes back on later days; most other phones probe with randomized, locally
 * administered MACs, a fresh one per visit.
 */
export interface WifiEvent extends SimSighting {
  ssid: string;
  channel: number;
  frame_type: 'probe_request';
}

export type VisitKind = 'visitor' | 'passerby';

export interface Visit {
  id: string;
  /** Same person across visits (regulars), else unique per visit. */
  person: string;
  mac: string;
  randomized: boolean;
  vendor: string | null;
  kind: VisitKind;
  start: number;
  end: number;
  /** Mean RSSI of the phone at this site during the visit (dBm). */
  rssi: number;
}

/** Traffic shape per site and day; defaults describe a mid-size shop. */
export const WIFI_MODEL = {
  visitorsPerDay: 120,
  passersByPerDay: 300,
  regulars: 40,
  /** Share of first-time visitors and passers-by whose phone shows a randomized MAC. */
  randomizedShare: 0.65,
  openHourUtc: 8,
  closeHourUtc: 22,
  visitorDwellMedianMin: 25,
  visitorDwellMin: 5,
  visitorDwellMaxMin: 240,
  passerbyDwellSec: [15, 150] as const,
  visitorRssi: [-72, -48] as const,
  passerbyRssi: [-95, -82] as const,
  rssiNoiseDb: 4,
  /** Mean seconds between probe bursts. */
  visitorProbeEverySec: 45,
  passerbyProbeEverySec: 20,
};

// Real IEEE MA-L prefixes of common phone and laptop makers.
export const VENDOR_OUIS: ReadonlyArray<{ vendor: string; oui: readonly [number, number, number] }> = [
  { vendor: 'Apple', oui: [0xa4, 0x83, 0xe7] },
  { vendor: 'Apple', oui: [0xf0, 0x18, 0x98] },
  { vendor: 'Apple', oui: [0x3c, 0x22, 0xfb] },
  { vendor: 'Samsung', oui: [0x00, 0x12, 0xfb] },
  { vendor: 'Samsung', oui: [0x5c, 0x0a, 0x5b] },
  { vendor: 'Intel', oui: [0x3c, 0xa9, 0xf4] },
  { vendor: 'Intel', oui: [0xa0, 0xa8, 0xcd] },
  { vendor: 'Xiaomi', oui: [0x64, 0x09, 0x80] },
  { vendor: 'Huawei', oui: [0x00, 0x9a, 0xcd] },
  { vendor: 'Google', oui: [0x3c, 0x5a, 0xb4] },
];

const SAVED_NETWORKS = ['', '', '', '', 'HomeNet', 'Office-5G', 'CoffeeBar', 'eduroam', 'AndroidAP'];
const CHANNELS = [1, 6, 11];
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A vendor MAC: a real OUI, random device part. */
function vendorMac(rng: Random): { mac: string; vendor: string } {
  const { vendor, oui } = rng.pick(VENDOR_OUIS);
  return { mac: formatMac([...oui, ...rng.bytes(3)]), vendor };
}

/** A randomized MAC: locally administered bit (0x02) set, multicast bit (0x01) clear. */
function randomizedMac(rng: Random): string {
  const bytes = rng.bytes(6);
  bytes[0] = (bytes[0]! & 0xfc) | 0x02;
  return formatMac(bytes);
}

/** Arrival time of day: half around lunch, half in the evening, within opening hours. */
function arrivalMs(rng: Random): number {
  const m = WIFI_MODEL;
  const peak = rng.chance(0.5) ? 13 : 18;
  const hour = Math.min(m.closeHourUtc - 0.1, Math.max(m.openHourUtc, rng.normal(peak, 2)));
  return hour * 3_600_000;
}

class WifiSite implements SiteTraffic<WifiEvent, Visit> {
  private readonly days = new Map<number, Visit[]>();
  private readonly regulars: Array<{ person: string; mac: string; vendor: string; dailyChance: number }>;

  constructor(private readonly ctx: SiteContext) {
    const rng = randomFor(ctx.seed, 'wifi', ctx.deviceIndex, 'regulars');
    this.regulars = Array.from({ length: WIFI_MODEL.regulars }, (_, k) => ({
      person: `d${ctx.deviceIndex}-regular-${k}`,
      ...vendorMac(rng),
      dailyChance: rng.between(0.15, 0.8),
    }));
  }

  window(fromMs: number, toMs: number): Array<Generated<WifiEvent, Visit>> {
    const out: Array<Generated<WifiEvent, Visit>> = [];
    // A visit may start the day before and run past midnight.
    for (let day = Math.floor(fromMs / DAY_MS) - 1; day <= Math.floor((toMs - 1) / DAY_MS); day++) {
      for (const visit of this.visitsOn(day)) {
        if (visit.end <= fromMs || visit.start >= toMs) continue;
        for (const event of probes(this.ctx.seed, visit)) {
          if (event.ts >= fromMs && event.ts < toMs) out.push({ event, source: visit });
        }
      }
    }
    return out.sort((a, b) => a.event.ts - b.event.ts);
  }

  /** Every visit starting on a UTC day, generated once from the day's own random stream. */
  visitsOn(day: number): Visit[] {
    let visits = this.days.get(day);
    if (visits) return visits;
    const m = WIFI_MODEL;
    const rng = randomFor(this.ctx.seed, 'wifi', this.ctx.deviceIndex, 'day', day);
    const dayStart = day * DAY_MS;
    visits = [];
    const add = (kind: VisitKind, person: string, identity: { mac: string; vendor: string | null; randomized: boolean }) => {
      const start = dayStart + Math.round(arrivalMs(rng));
      const dwellMs =
        kind === 'visitor'
          ? Math.min(m.visitorDwellMaxMin, Math.max(m.visitorDwellMin, rng.logNormal(m.visitorDwellMedianMin, 0.9))) * MINUTE_MS
          : rng.between(m.passerbyDwellSec[0], m.passerbyDwellSec[1]) * 1000;
      const [lo, hi] = kind === 'visitor' ? m.visitorRssi : m.passerbyRssi;
      const id = `d${this.ctx.deviceIndex}-${day}-${visits!.length}`;
      visits!.push({ id, person, ...identity, kind, start, end: start + Math.round(dwellMs), rssi: Math.round(rng.between(lo, hi)) });
    };
    const stranger = (kind: VisitKind, n: number) => {
      const randomized = rng.chance(m.randomizedShare);
      const identity = randomized ? { mac: randomizedMac(rng), vendor: null } : vendorMac(rng);
      add(kind, `d${this.ctx.deviceIndex}-${day}-${kind}-${n}`, { ...identity, randomized });
    };
    const daily = (mean: number) => Math.max(0, Math.round(rng.normal(mean, Math.sqrt(mean))));
    const visitors = daily(m.visitorsPerDay);
    for (const regular of this.regulars) {
      if (rng.chance(regular.dailyChance)) add('visitor', regular.person, { mac: regular.mac, vendor: regular.vendor, randomized: false });
    }
    for (let n = 0; n < visitors; n++) stranger('visitor', n);
    for (let n = daily(m.passersByPerDay); n > 0; n--) stranger('passerby', n);
    this.days.set(day, visits);
    return visits;
  }
}

/** The probe requests of one visit: the first at arrival, then bursts at jittered intervals, noisy RSSI. */
function probes(seed: number, visit: Visit): WifiEvent[] {
  const rng = randomFor(seed, 'wifi', 'visit', visit.id);
  const every = (visit.kind === 'visitor' ? WIFI_MODEL.visitorProbeEverySec : WIFI_MODEL.passerbyProbeEverySec) * 1000;
  const ssid = rng.pick(SAVED_NETWORKS);
  const events: WifiEvent[] = [];
  for (let ts = visit.start; ts < visit.end; ts += Math.round(every * rng.between(0.5, 1.5))) {
    const rssi = Math.round(Math.max(-100, Math.min(-20, rng.normal(visit.rssi, WIFI_MODEL.rssiNoiseDb))));
    events.push({ mac: visit.mac, rssi, ts, ssid, channel: rng.pick(CHANNELS), frame_type: 'probe_request' });
  }
  return events;
}

interface VisitTruth {
  device: string;
  kind: VisitKind;
  start: string;
  end: string;
  first_seen: string;
  last_seen: string;
  events: number;
}

/** Per client MAC: who it was, whether randomized, and each visit with the events really sent. */
class WifiTruth implements ProductTruth<WifiEvent, Visit> {
  private readonly macs = new Map<string, { person: string; randomized: boolean; vendor: string | null; visits: Map<string, VisitTruth> }>();

  add(deviceMac: string, { event, source: visit }: Generated<WifiEvent, Visit>): void {
    let entry = this.macs.get(visit.mac);
    if (!entry) {
      entry = { person: visit.person, randomized: visit.randomized, vendor: visit.vendor, visits: new Map() };
      this.macs.set(visit.mac, entry);
    }
    const ts = new Date(event.ts).toISOString();
    const v = entry.visits.get(visit.id);
    if (!v) {
      const iso = (ms: number) => new Date(ms).toISOString();
      entry.visits.set(visit.id, { device: deviceMac, kind: visit.kind, start: iso(visit.start), end: iso(visit.end), first_seen: ts, last_seen: ts, events: 1 });
      return;
    }
    v.events++;
    if (ts < v.first_seen) v.first_seen = ts;
    if (ts > v.last_seen) v.last_seen = ts;
  }

  toJSON() {
    const clients = [...this.macs].map(([mac, e]) => ({
      mac,
      person: e.person,
      randomized: e.randomized,
      vendor: e.vendor,
      visits: [...e.visits.values()].sort((a, b) => a.start.localeCompare(b.start)),
    }));
    clients.sort((a, b) => a.mac.localeCompare(b.mac));
    return {
      clients: clients.length,
      randomized_clients: clients.filter((c) => c.randomized).length,
      people: new Set(clients.map((c) => c.person)).size,
      visits: clients.reduce((n, c) => n + c.visits.length, 0),
      by_mac: clients,
    };
  }
}

export const wifi: SimProduct<WifiEvent, Visit> = {
  name: 'wifi',
  enableConfig: { wifi: { monitor_enabled: true } },
  // prototype config: WiFi scanning is `wifi.monitor_enabled` (off by default).
  enabled: (config) => configValue(config, 'wifi', 'monitor_enabled', 'boolean') ?? false,
  batchIntervalMs: (config) => configValue(config, 'wifi', 'batch_interval_ms', 'number') ?? 10_000,
  createSite: (ctx) => new WifiSite(ctx),
  createTruth: () => new WifiTruth(),
};
