import { deriveSeed, formatMac, Random, randomFor } from '../random.ts';
import { configValue, type Generated, type ProductTruth, type SimProduct, type SimSighting, type SiteContext, type SiteTraffic } from './product.ts';

/**
 * iBeacon tags around one scanner. Each tag advertises once per interval and drifts slowly towards
 * and away from the scanner (a sine around its base distance); RSSI follows the log-distance path-loss
 * model with Gaussian noise and occasional body-shadowing dips, and weak advertisements are missed.
 */
export interface BleEvent extends SimSighting {
  type: 'ibeacon';
  uuid: string;
  major: number;
  minor: number;
  tx_power: number;
}

export interface Tag {
  mac: string;
  uuid: string;
  major: number;
  minor: number;
  /** RSSI at 1 m, as the tag advertises it. */
  txPower: number;
  /** Distance (m) at time t: base + amplitude·sin(2π·t/period + phase). */
  baseDistanceM: number;
  amplitudeM: number;
  periodS: number;
  phase: number;
  /** Offset of its advertising clock (ms). */
  offsetMs: number;
  seed: number;
}

export const BLE_MODEL = {
  tagsPerSite: 12,
  uuid: 'b9407f30f5f8466eaff925556b57fe6d',
  txPower: -59,
  advertiseEveryMs: 1000,
  /** Path-loss exponent indoors. */
  pathLossExponent: 2.7,
  noiseDb: 3,
  /** Share of advertisements hit by a −6 dB dip (a body or shelf in the way). */
  dipShare: 0.1,
  dipDb: 6,
  /** Below this the scanner misses the advertisement. */
  sensitivityDbm: -100,
};

/** Expected RSSI at a distance: the log-distance path-loss model. */
export const rssiAtDistance = (txPower: number, distanceM: number) =>
  txPower - 10 * BLE_MODEL.pathLossExponent * Math.log10(Math.max(distanceM, 0.1));

export const tagDistanceM = (tag: Tag, ts: number) =>
  Math.max(0.3, tag.baseDistanceM + tag.amplitudeM * Math.sin((2 * Math.PI * ts) / (tag.periodS * 1000) + tag.phase));

class BleSite implements SiteTraffic<BleEvent, Tag> {
  readonly tags: Tag[];

  constructor(ctx: SiteContext) {
    const rng = randomFor(ctx.seed, 'ble', ctx.deviceIndex, 'tags');
    this.tags = Array.from({ length: BLE_MODEL.tagsPerSite }, (_, k) => {
      const bytes = rng.bytes(6);
      bytes[0] = bytes[0]! | 0xc0; // BLE random static address: two top bits set
      return {
        mac: formatMac(bytes),
        uuid: BLE_MODEL.uuid,
        major: (ctx.deviceIndex % 65535) + 1,
        minor: k + 1,
        txPower: BLE_MODEL.txPower,
        baseDistanceM: rng.between(1, 12),
        amplitudeM: rng.between(0, 4),
        periodS: rng.between(60, 1800),
        phase: rng.between(0, 2 * Math.PI),
        offsetMs: rng.int(0, BLE_MODEL.advertiseEveryMs - 1),
        seed: deriveSeed(ctx.seed, 'ble', ctx.deviceIndex, 'tag', k),
      };
    });
  }

  window(fromMs: number, toMs: number): Array<Generated<BleEvent, Tag>> {
    const every = BLE_MODEL.advertiseEveryMs;
    const out: Array<Generated<BleEvent, Tag>> = [];
    for (const tag of this.tags) {
      for (let n = Math.ceil((fromMs - tag.offsetMs) / every); n * every + tag.offsetMs < toMs; n++) {
        const event = advertisement(tag, n * every + tag.offsetMs, n);
        if (event) out.push({ event, source: tag });
      }
    }
    return out.sort((a, b) => a.event.ts - b.event.ts);
  }
}

/** The n-th advertisement of a tag as the scanner heard it, or null when it was missed. */
function advertisement(tag: Tag, ts: number, n: number): BleEvent | null {
  // One small stream per advertisement keeps any window independent of the windows before it.
  const rng = new Random(tag.seed ^ Math.imul(n, 0x9e3779b1));
  let rssi = rng.normal(rssiAtDistance(tag.txPower, tagDistanceM(tag, ts)), BLE_MODEL.noiseDb);
  if (rng.chance(BLE_MODEL.dipShare)) rssi -= BLE_MODEL.dipDb;
  if (rssi < BLE_MODEL.sensitivityDbm) return null;
  return { mac: tag.mac, rssi: Math.round(rssi), ts, type: 'ibeacon', uuid: tag.uuid, major: tag.major, minor: tag.minor, tx_power: tag.txPower };
}

/** Per tag: identity, its distance model (to check positioning against) and the events each scanner sent. */
class BleTruth implements ProductTruth<BleEvent, Tag> {
  private readonly tags = new Map<string, { tag: Tag; byDevice: Map<string, number> }>();

  add(deviceMac: string, { source: tag }: Generated<BleEvent, Tag>): void {
    let entry = this.tags.get(tag.mac);
    if (!entry) {
      entry = { tag, byDevice: new Map() };
      this.tags.set(tag.mac, entry);
    }
    entry.byDevice.set(deviceMac, (entry.byDevice.get(deviceMac) ?? 0) + 1);
  }

  toJSON() {
    const tags = [...this.tags.values()].map(({ tag, byDevice }) => ({
      mac: tag.mac,
      uuid: tag.uuid,
      major: tag.major,
      minor: tag.minor,
      tx_power: tag.txPower,
      distance_m: { base: tag.baseDistanceM, amplitude: tag.amplitudeM, period_s: tag.periodS, phase: tag.phase },
      events_by_device: Object.fromEntries(byDevice),
    }));
    tags.sort((a, b) => a.mac.localeCompare(b.mac));
    return { tags: tags.length, by_mac: tags };
  }
}

export const ble: SimProduct<BleEvent, Tag> = {
  name: 'ble',
  // BLE scanning is on by default: nothing to switch.
  enableConfig: {},
  enabled: (config) => configValue(config, 'ble', 'enabled', 'boolean') ?? true,
  batchIntervalMs: (config) => configValue(config, 'ble', 'batch_interval_ms', 'number') ?? 2500,
  createSite: (ctx) => new BleSite(ctx),
  createTruth: () => new BleTruth(),
};
