import { MAC_PATTERN, normalizeMac } from '../../core/mac.ts';
import { Rejection } from '../validate.ts';
import type { TimedEvent } from './product.ts';

/** An event of a product that hears radios (BLE, WiFi): the sighted MAC (canonical after validation) and its RSSI. */
export interface Sighting extends TimedEvent {
  mac: string;
  rssi: number;
}

// Int8 column; 0 dBm is the strongest a scanner can meaningfully report, -127 the floor of the
// Bluetooth/802.11 RSSI scale. Anything else is a firmware bug, not a sighting.
export const RSSI_MIN = -127;
export const RSSI_MAX = 0;

/** Who was seen and how strong: the fields every sighting product checks first, normalizing `mac` in place. */
export function checkSighting(event: Record<string, unknown>): Rejection | null {
  const raw = event.mac;
  // Firmware sends canonical MACs; testing first spares normalizeMac's allocations on the hot path.
  if (typeof raw !== 'string') return new Rejection('invalid_mac', 'mac', raw);
  if (!MAC_PATTERN.test(raw)) {
    const mac = normalizeMac(raw);
    if (mac === null) return new Rejection('invalid_mac', 'mac', raw);
    event.mac = mac;
  }
  const { rssi } = event;
  if (typeof rssi !== 'number' || !Number.isInteger(rssi)) return new Rejection('invalid_rssi', 'rssi', rssi);
  if (rssi < RSSI_MIN || rssi > RSSI_MAX) return new Rejection('rssi_out_of_range', 'rssi', rssi);
  return null;
}

/** The sighting columns, first after the timestamp: a product's `encode` starts with `${e.mac}\t${e.rssi}`. */
export const sightingColumns = (macColumn: string) => [macColumn, 'rssi'] as const;
