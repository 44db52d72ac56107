/** What turns a smoothed RSSI into metres on the plan. */
export interface DistanceModel {
  pathLossExponent: number;
  /** P1m for tags advertising tx_power 0. */
  defaultTxPower: number;
  /** Receiver mounting height minus the tag's carrying height (m): taken out of the slant distance. */
  heightAboveTagM: number;
  maxDistanceM: number;
}

const MIN_DISTANCE_M = 0.1;

/** Slant distance by the log-distance model: d = 10^((P1m − RSSI)/(10·n)), capped to [0.1 m, max]. */
export function slantDistance(rssi: number, txPower: number, m: Pick<DistanceModel, 'pathLossExponent' | 'defaultTxPower' | 'maxDistanceM'>): number {
  const p1m = txPower === 0 ? m.defaultTxPower : txPower;
  const d = 10 ** ((p1m - rssi) / (10 * m.pathLossExponent));
  return Math.min(m.maxDistanceM, Math.max(MIN_DISTANCE_M, d));
}

/** Distance along the floor from the point under the receiver (Pythagoras on the mounting height). */
export function horizontalDistance(rssi: number, txPower: number, m: DistanceModel): number {
  const d = slantDistance(rssi, txPower, m);
  const h = Math.max(0, m.heightAboveTagM);
  return Math.sqrt(Math.max(d * d - h * h, MIN_DISTANCE_M * MIN_DISTANCE_M));
}
