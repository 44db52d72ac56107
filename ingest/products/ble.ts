import { ble as bleProduct } from '../../core/products/ble.ts';
import { isIntIn, Rejection } from '../validate.ts';
import type { ProductIngest } from './product.ts';
import { checkSighting, sightingColumns, type Sighting } from './sighting.ts';

/** An iBeacon advertisement seen by a scanner: `{mac, rssi, ts, type:"ibeacon", uuid, major, minor, tx_power?}`. */
export interface BleEvent extends Sighting {
  type: 'ibeacon';
  /** 32 lower-case hex digits (dashes removed on input). */
  uuid: string;
  major: number;
  minor: number;
  tx_power?: number;
}

const UUID = /^[0-9a-f]{32}$/;
const DASHED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// A deployment's beacons share one or a few UUIDs: the last canonical one seen is recognised by a
// string comparison, ~10× cheaper than the pattern, which ran on every event of every batch.
let lastCanonicalUuid = '';

function normalizeUuid(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (value === lastCanonicalUuid) return value;
  if (UUID.test(value)) {
    lastCanonicalUuid = value;
    return value;
  }
  const lower = value.toLowerCase();
  if (UUID.test(lower)) return lower;
  return DASHED_UUID.test(lower) ? lower.replace(/-/g, '') : null;
}

export const ble: ProductIngest<BleEvent, 'ble'> = {
  name: 'ble',
  table: bleProduct.eventTable,
  columns: [...sightingColumns('beacon_mac'), 'uuid', 'major', 'minor', 'tx_power'],
  validate(event) {
    const sighting = checkSighting(event);
    if (sighting) return sighting;
    if (event.type !== 'ibeacon') return new Rejection('unsupported_type', 'type', event.type);
    const uuid = normalizeUuid(event.uuid);
    if (uuid === null) return new Rejection('invalid_uuid', 'uuid', event.uuid);
    event.uuid = uuid;
    if (!isIntIn(event.major, 0, 65535)) return new Rejection('invalid_major', 'major', event.major);
    if (!isIntIn(event.minor, 0, 65535)) return new Rejection('invalid_minor', 'minor', event.minor);
    // Calibrated power at 1 m; Int8 column, absent means unknown (stored as 0 like the prototype).
    if (event.tx_power !== undefined && !isIntIn(event.tx_power, -128, 127)) {
      return new Rejection('invalid_tx_power', 'tx_power', event.tx_power);
    }
    return null;
  },
  encode: (e) => `${e.mac}\t${e.rssi}\t${e.uuid}\t${e.major}\t${e.minor}\t${e.tx_power ?? 0}`,
};
