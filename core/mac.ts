/** Canonical MAC form used everywhere: lower-case, colon-separated (`aa:bb:cc:dd:ee:ff`). */
export const MAC_PATTERN = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

const LOOSE_MAC = /^[0-9a-fA-F]{2}([:-]?[0-9a-fA-F]{2}){5}$/;

/** Normalizes `AA-BB-CC-DD-EE-FF`, `aabbccddeeff` or `AA:BB:…` to canonical form, or returns null. */
export function normalizeMac(input: string): string | null {
  if (!LOOSE_MAC.test(input)) return null;
  const hex = input.replace(/[:-]/g, '').toLowerCase();
  return hex.match(/../g)!.join(':');
}

/**
 * Whether a canonical MAC can be a network card's own address, and so a device's identity: not
 * all-zero, and not a group address (broadcast `ff:…` or multicast: the I/G bit of the first octet).
 */
export const isUnicastMac = (mac: string): boolean => mac !== '00:00:00:00:00:00' && (parseInt(mac.slice(0, 2), 16) & 1) === 0;
