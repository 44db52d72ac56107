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
  private readonly sites = new Map<ProductName, { product: SimProduct; traffic: SiteTraffic; cursor: number }>();

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

  /** Up to `max` batches whose interval has ended by `simNow` (empty intervals send nothing). */
  dueBatches(simNow: number, max: number): Batch[] {
    const batches: Batch[] = [];
    let progressed = true;
    while (batches.length < max && progressed) {
      progressed = false;
      for (const site of this.sites.values()) {
        if (batches.length >= max) break;
        const interval = Math.max(100, site.product.batchIntervalMs(this.config));
        const toMs = Math.min(site.cursor + interval, this.endMs);
        if (site.cursor >= this.endMs || toMs > simNow) continue;
        const fromMs = site.cursor;
        site.cursor = toMs;
        progressed = true;
        if (!site.product.enabled(this.config)) continue;
        const items = site.traffic.window(fromMs, site.cursor);
        if (items.length > 0) batches.push({ product: site.product.name, fromMs, toMs: site.cursor, items });
      }
    }
    return batches;
  }

  /** True once every product has produced its batches up to the end of simulated time. */
  finished(): boolean {
    return [...this.sites.values()].every((s) => s.cursor >= this.endMs);
  }
}
