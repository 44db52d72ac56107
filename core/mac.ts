/** Canonical MAC form used everywhere: lower-case, colon-separated (`aa:bb:cc:dd:ee:ff`). */
export const MAC_PATTERN = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

const LOOSE_MAC = /^[0-9a-fA-F]{2}([:-]?[0-9a-fA-F]{2}){5}$/;

/** Normalizes `AA-BB-CC-DD-EE-FF`, `aabbccddeeff` or `AA:BB:…` to canonical form, or returns null. */
export function normalizeMac(input: string): string | null {
  if (!LOOSE_MAC.test(input)) return null;
  const hex = input.replace(/[:-]/g, '').toLowerCase();
  return hex.match(/../g)!.join(':');
}
