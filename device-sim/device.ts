import { defaultDeviceConfig, type ConfigObject } from '../core/device-config.ts';
import type { ProductName } from '../core/products.ts';
import { formatMac, randomFor } from './random.ts';
import type { Generated, SimProduct, SiteTraffic } from './products/product.ts';

/** One batch a device is about to send: the events of one product over one interval of simulated time. */
export interface Batch {
  product: ProductName;
  fromMs: number;
  toMs: number;
  items: Generated[];
}

/** Events per batch when a device sends a backlog (well under MQTT_MAX_PACKET_BYTES at ~150 bytes each). */
export const MAX_BACKLOG_EVENTS = 500;

interface Site {
  product: SimProduct;
  traffic: SiteTraffic;
  /** Simulated time up to which this product's batches were produced. */
  cursor: number;
}

/** The MAC of simulated scanner `index`: locally administered, derived from the seed. */
export const simDeviceMac = (seed: number, index: number) => {
  const bytes = randomFor(seed, 'device', index).bytes(6);
  bytes[0] = (bytes[0]! & 0xfc) | 0x02;
  return formatMac(bytes);
};

/**
 * A simulated scanner, transport aside: the config it runs, and per product the simulated time up to
 * which it has produced batches. While a product is switched off by config its time passes unscanned.
 */
export class SimDevice {
  config: ConfigObject = defaultDeviceConfig();
  configVersion = 0;
  private readonly sites = new Map<ProductName, Site>();

  constructor(
    readonly index: number,
    readonly mac: string,
    seed: number,
    products: readonly SimProduct[],
    startMs: number,
    /** End of simulated time: the last interval is cut short there. */
    private readonly endMs = Infinity,
  ) {
    for (const product of products) {
      this.sites.set(product.name, { product, traffic: product.createSite({ seed, deviceIndex: index, deviceMac: mac }), cursor: startMs });
    }
  }

  applyConfig(version: number, config: ConfigObject): void {
    this.config = config;
    this.configVersion = version;
  }

  enabledProducts(): ProductName[] {
    return [...this.sites.values()].filter((s) => s.product.enabled(this.config)).map((s) => s.product.name);
  }

  /**
   * Up to `max` batches whose interval has ended by `simNow`; empty intervals send nothing. A device
   * catching up (back online, or generating history fast) sends consecutive intervals of a product
   * together, up to MAX_BACKLOG_EVENTS per batch, as a scanner flushing its backlog would.
   */
  dueBatches(simNow: number, max: number): Batch[] {
    const batches: Batch[] = [];
    const open = new Map<Site, Batch>();
    const active = new Set(this.sites.values());
    // One interval per product per pass, so a long backlog of one product does not starve the others.
    while (active.size > 0) {
      for (const site of active) {
        const interval = Math.max(100, site.product.batchIntervalMs(this.config));
        const fromMs = site.cursor;
        const toMs = Math.min(fromMs + interval, this.endMs);
        if (fromMs >= this.endMs || toMs > simNow) {
          active.delete(site);
          continue;
        }
        if (!site.product.enabled(this.config)) {
          open.delete(site);
          site.cursor = toMs;
          continue;
        }
        const items = site.traffic.window(fromMs, toMs);
        const batch = open.get(site);
        if (batch && batch.items.length + items.length <= MAX_BACKLOG_EVENTS) {
          batch.items.push(...items);
          batch.toMs = toMs;
        } else if (items.length > 0) {
          if (batches.length >= max) {
            // No room left: this interval waits for the next call.
            active.delete(site);
            continue;
          }
          const next = { product: site.product.name, fromMs, toMs, items };
          batches.push(next);
          open.set(site, next);
        }
        site.cursor = toMs;
      }
    }
    return batches;
  }

  /** True once every product has produced its batches up to the end of simulated time. */
  finished(): boolean {
    return [...this.sites.values()].every((s) => s.cursor >= this.endMs);
  }
}
