import { createRequire } from 'node:module';

/**
 * Client-MAC facts WiFi analytics relies on. Vendors come from the IEEE registries as shipped by the
 * `oui-data` package (MA-L, MA-M and MA-S in one JSON map keyed by 6, 7 or 9 hex digits);
 * `npm update oui-data` refreshes them with no code change.
 */

interface Registry {
  entries: Record<string, string>;
  /** MA-L prefixes the IEEE split into MA-M/MA-S blocks: these need the longer lookup. */
  subdivided: Set<string>;
}

let registry: Registry | undefined;

// Loaded on first use: the JSON is ~5 MB, and only processes that ingest WiFi need it.
function load(): Registry {
  if (!registry) {
    const entries = createRequire(import.meta.url)('oui-data') as Record<string, string>;
    const subdivided = new Set(Object.keys(entries).filter((k) => k.length > 6).map((k) => k.slice(0, 6)));
    registry = { entries, subdivided };
  }
  return registry;
}

const byOui = new Map<string, string>();
const CACHE_LIMIT = 100_000;

/**
 * A locally administered MAC (bit 0x02 of the first octet: second hex digit 2, 6, A or E) was not
 * assigned by a vendor; phones use such random addresses while probing. A few non-phone devices
 * (VMs, some IoT) are locally administered too and are counted as randomized as well.
 */
export const isRandomizedMac = (mac: string): boolean => (parseInt(mac.slice(0, 2), 16) & 0x02) !== 0;

/** The registered organization of a canonical MAC (`aa:bb:cc:…`), longest prefix first; '' if unknown or randomized. */
export function macVendor(mac: string): string {
  if (isRandomizedMac(mac)) return '';
  const prefix = mac.slice(0, 8); // "aa:bb:cc"
  const cached = byOui.get(prefix);
  if (cached !== undefined) return cached;
  const { entries, subdivided } = load();
  const hex = mac.replace(/:/g, '').toUpperCase();
  const oui = hex.slice(0, 6);
  if (subdivided.has(oui)) {
    const block = entries[hex.slice(0, 9)] ?? entries[hex.slice(0, 7)];
    if (block !== undefined) return firstLine(block);
  }
  const vendor = firstLine(entries[oui] ?? '');
  if (!subdivided.has(oui)) {
    if (byOui.size >= CACHE_LIMIT) byOui.clear();
    byOui.set(prefix, vendor);
  }
  return vendor;
}

// Entries are "Name\naddress lines…".
const firstLine = (entry: string): string => entry.split('\n', 1)[0]!.trim();
