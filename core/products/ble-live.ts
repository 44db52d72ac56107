/**
 * The live side of BLE Tracking shared by its tiers: the positioning engine (ingest) announces each
 * round of fixes on the platform bus, and the API's live map pushes them to browsers. The slice adds
 * its event to the bus by declaration merging, so the shared bus never names a product; in scale-out
 * mode the event travels over Redis like every other bus event.
 */
export interface LiveFix {
  tagId: number;
  /** Epoch ms of the fix. */
  ts: number;
  /** Metres on the plan (origin top-left, y down). */
  x: number;
  y: number;
  /** Error radius in metres: the confidence the map shows as a halo. */
  errorM: number;
  /** The zone the tag is in after hysteresis; null outside every zone. */
  zoneId: number | null;
  /** The strongest receiver hearing the tag, and its smoothed RSSI (dBm). */
  bestDeviceId: number;
  bestRssi: number;
}

/** One round of fixes of one plan (one bus message per plan and round keeps the bus light at thousands of tags). */
export interface LiveFixes {
  organizationId: number;
  locationId: number;
  planId: number;
  fixes: LiveFix[];
}

declare module '../bus.ts' {
  interface PlatformEvents {
    'ble.fixes': LiveFixes;
  }
}
