import { writeFile } from 'node:fs/promises';
import type { ProductName } from '../core/products.ts';
import type { Generated, ProductTruth, SimProduct } from './products/product.ts';

/**
 * What the simulator really sent and the platform acknowledged: per device and product the event
 * counts, and each product's own view (WiFi visitors and visits, BLE tags). Metrics computed by the
 * platform are checked against this file.
 */
export class GroundTruth {
  private readonly products = new Map<ProductName, ProductTruth>();
  private readonly devices = new Map<string, Record<string, number>>();

  constructor(
    private readonly meta: Record<string, unknown>,
    products: readonly SimProduct[],
  ) {
    for (const p of products) this.products.set(p.name, p.createTruth(Number(meta.seed ?? 0)));
  }

  recordSent(deviceMac: string, product: ProductName, items: readonly Generated[]): void {
    const truth = this.products.get(product)!;
    for (const item of items) truth.add(deviceMac, item);
    const counts = this.devices.get(deviceMac) ?? {};
    counts[product] = (counts[product] ?? 0) + items.length;
    this.devices.set(deviceMac, counts);
  }

  /** Events sent per product, all devices together. */
  totals(): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const counts of this.devices.values()) {
      for (const [product, n] of Object.entries(counts)) totals[product] = (totals[product] ?? 0) + n;
    }
    return totals;
  }

  toJSON() {
    return {
      ...this.meta,
      totals: this.totals(),
      devices: [...this.devices].map(([mac, events]) => ({ mac, events })).sort((a, b) => a.mac.localeCompare(b.mac)),
      ...Object.fromEntries([...this.products].map(([name, truth]) => [name, truth.toJSON()])),
    };
  }

  async write(path: string): Promise<void> {
    await writeFile(path, `${JSON.stringify(this, null, 1)}\n`);
  }
}
