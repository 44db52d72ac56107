import { isIntIn, Rejection } from '../../validate.ts';
import type { ProductIngest } from '../product.ts';
import { checkSighting, sightingColumns, type Sighting } from '../sighting.ts';

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

/** How BLE events are checked and stored in ble_events (the columns after the timestamp). */
export const bleEvents: Pick<ProductIngest<BleEvent, 'ble'>, 'columns' | 'validate' | 'encode'> = {
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

/** One stored reading as the positioning engine needs it: who heard which tag, when and how strongly. */
export interface Reading {
  organizationId: number;
  deviceId: number;
  ts: number;
  rssi: number;
  uuid: string;
  major: number;
  minor: number;
  txPower: number;
}

// Row layout written by ingest/enrich.ts encodeRows: organization_id, device_id, device_mac, timestamp,
// then bleEvents.columns (beacon_mac, rssi, uuid, major, minor, tx_power), received_at, batch_id.
const FIRST_PRODUCT_COLUMN = 4;
const column = (name: string) => FIRST_PRODUCT_COLUMN + bleEvents.columns.indexOf(name);
const RSSI = column('rssi');
const UUID_AT = column('uuid');
const MAJOR = column('major');
const MINOR = column('minor');
const TX_POWER = column('tx_power');

/**
 * Readings of stored ble_events rows (TabSeparated, as the ingest path wrote them). Rows are the
 * platform's own output, validated before they were encoded, so only their shape is checked.
 */
export function decodeStoredRows(rows: string): Reading[] {
  const readings: Reading[] = [];
  for (const line of rows.split('\n')) {
    if (line === '') continue;
    const f = line.split('\t');
    if (f.length <= TX_POWER) continue;
    readings.push({
      organizationId: Number(f[0]),
      deviceId: Number(f[1]),
      ts: Number(f[3]),
      rssi: Number(f[RSSI]),
      uuid: f[UUID_AT]!,
      major: Number(f[MAJOR]),
      minor: Number(f[MINOR]),
      txPower: Number(f[TX_POWER]),
    });
  }
  return readings;
}
