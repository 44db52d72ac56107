import { DEMO_FLOOR, DEMO_SCRIPTS } from '../ble-site/floor.ts';
import { RADIO, SiteWorld, type TagPath } from '../ble-site/world.ts';
import { formatMac, randomFor } from '../random.ts';
import { configValue, type Generated, type ProductTruth, type SimProduct, type SimSighting, type SiteContext, type SiteTraffic } from './product.ts';

/**
 * iBeacon tags walking the demo floor (device-sim/ble-site/): scanner k is the floor's receiver
 * k (mod their number) and hears every tag with the site model's RSSI — path loss, walls, noise,
 * dips, dropouts — so the platform's positions can be checked against where the tags really were.
 */
export interface BleEvent extends SimSighting {
  type: 'ibeacon';
  uuid: string;
  major: number;
  minor: number;
  tx_power: number;
}

export const BLE_MODEL = {
  uuid: 'b9407f30f5f8466eaff925556b57fe6d',
  /** Every simulated tag advertises this major; its minor is its number in the site's scripts. */
  major: 1,
};

/** A tag's fixed BLE address, derived from its minor (tags are the same whichever scanner hears them). */
export const tagMac = (seed: number, minor: number) => {
  const bytes = randomFor(seed, 'ble-tag', minor).bytes(6);
  bytes[0] = bytes[0]! | 0xc0; // BLE random static address: two top bits set
  return formatMac(bytes);
};

/** Demo scripts loop over the day, anchored at midnight UTC, so every scanner sees the same walk. */
const demoWorld = (seed: number) => new SiteWorld(DEMO_FLOOR, DEMO_SCRIPTS, 0, seed);

// Each world's tags by minor, with their addresses (derived once, not per advertisement).
const tagsOf = new WeakMap<SiteWorld, Map<number, { path: TagPath; mac: string }>>();

/** The events one receiver of a world heard in a window, as a scanner would send them. */
export function heardEvents(world: SiteWorld, receiver: number, fromMs: number, toMs: number): Array<Generated<BleEvent, TagPath>> {
  let tags = tagsOf.get(world);
  if (!tags) tagsOf.set(world, (tags = new Map(world.paths.map((p) => [p.script.minor, { path: p, mac: tagMac(world.seed, p.script.minor) }]))));
  const byMinor = tags;
  return world.heard(receiver, fromMs, toMs).map((h) => ({
    event: {
      mac: byMinor.get(h.minor)!.mac,
      rssi: h.rssi,
      ts: h.ts,
      type: 'ibeacon',
      uuid: BLE_MODEL.uuid,
      major: BLE_MODEL.major,
      minor: h.minor,
      tx_power: world.radio.txPower,
    },
    source: byMinor.get(h.minor)!.path,
  }));
}

class BleSite implements SiteTraffic<BleEvent, TagPath> {
  private readonly world: SiteWorld;
  private readonly receiver: number;

  constructor(ctx: SiteContext) {
    this.world = demoWorld(ctx.seed);
    this.receiver = ctx.deviceIndex % DEMO_FLOOR.receivers.length;
  }

  window(fromMs: number, toMs: number): Array<Generated<BleEvent, TagPath>> {
    return heardEvents(this.world, this.receiver, fromMs, toMs);
  }
}

/**
 * Per tag: identity, the events each scanner sent, and — the ground truth of positioning — where the
 * tag was and in which room, every second of the time it was heard (`--truth`).
 */
class BleTruth implements ProductTruth<BleEvent, TagPath> {
  private readonly tags = new Map<number, { mac: string; byDevice: Map<string, number>; from: number; to: number }>();
  constructor(private readonly seed: number) {}

  add(deviceMac: string, { event }: Generated<BleEvent, TagPath>): void {
    let entry = this.tags.get(event.minor);
    if (!entry) this.tags.set(event.minor, (entry = { mac: event.mac, byDevice: new Map(), from: event.ts, to: event.ts }));
    entry.byDevice.set(deviceMac, (entry.byDevice.get(deviceMac) ?? 0) + 1);
    entry.from = Math.min(entry.from, event.ts);
    entry.to = Math.max(entry.to, event.ts);
  }

  toJSON() {
    const world = demoWorld(this.seed);
    const tags = [...this.tags].map(([minor, e]) => ({
      mac: e.mac,
      uuid: BLE_MODEL.uuid,
      major: BLE_MODEL.major,
      minor,
      tx_power: RADIO.txPower,
      events_by_device: Object.fromEntries(e.byDevice),
      track: world.truth(e.from, e.to + 1).find((t) => t.minor === minor)?.track ?? [],
    }));
    tags.sort((a, b) => a.minor - b.minor);
    return { tags: tags.length, by_minor: tags };
  }
}

export const ble: SimProduct<BleEvent, TagPath> = {
  name: 'ble',
  // BLE scanning is on by default: nothing to switch.
  enableConfig: {},
  enabled: (config) => configValue(config, 'ble', 'enabled', 'boolean') ?? true,
  batchIntervalMs: (config) => configValue(config, 'ble', 'batch_interval_ms', 'number') ?? 2500,
  createSite: (ctx) => new BleSite(ctx),
  createTruth: (seed) => new BleTruth(seed),
};
