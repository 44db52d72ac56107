import type { ConfigObject } from '../../core/device-config.ts';
import type { ProductName } from '../../core/products.ts';

/** What every simulated event carries: when it happened (epoch ms); products add their own fields. */
export interface SimEvent {
  ts: number;
}

/** An event of a product that hears radios (BLE, WiFi): the prototype's sighting fields. */
export interface SimSighting extends SimEvent {
  mac: string;
  rssi: number;
}

/** One generated event and what produced it (a visit, a tag), which the ground truth is built from. */
export interface Generated<E extends SimEvent = SimEvent, S = unknown> {
  event: E;
  source: S;
}

/** Where a simulated scanner stands: its index in the fleet (the traffic it sees derives from it) and MAC. */
export interface SiteContext {
  seed: number;
  deviceIndex: number;
  deviceMac: string;
}

/** The traffic one scanner sees. Pure: the same window always yields the same events, in time order. */
export interface SiteTraffic<E extends SimEvent = SimEvent, S = unknown> {
  window(fromMs: number, toMs: number): Array<Generated<E, S>>;
}

/** Accumulates what was really sent (acknowledged) into the product's section of the ground truth. */
export interface ProductTruth<E extends SimEvent = SimEvent, S = unknown> {
  add(deviceMac: string, item: Generated<E, S>): void;
  toJSON(): unknown;
}

/**
 * A product's slice of the simulator (`device-sim/products/<name>.ts`): its traffic model, how the
 * device config switches it and paces it, and its ground truth.
 */
export interface SimProduct<E extends SimEvent = SimEvent, S = unknown> {
  name: ProductName;
  /** Device config overrides that switch the product on (what the simulator sets unless told otherwise). */
  enableConfig: ConfigObject;
  enabled(config: ConfigObject): boolean;
  batchIntervalMs(config: ConfigObject): number;
  createSite(ctx: SiteContext): SiteTraffic<E, S>;
  /** The truth of a run with this seed (a product may recompute what its traffic derived from it). */
  createTruth(seed: number): ProductTruth<E, S>;
}

/** Reads `config[section][key]` when it has the expected type. */
export function configValue<T extends 'boolean' | 'number'>(
  config: ConfigObject,
  section: string,
  key: string,
  type: T,
): (T extends 'boolean' ? boolean : number) | undefined {
  const value = (config[section] as Record<string, unknown> | undefined)?.[key];
  return typeof value === type ? (value as T extends 'boolean' ? boolean : number) : undefined;
}
