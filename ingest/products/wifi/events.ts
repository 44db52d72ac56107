import { macVendor } from './mac-vendor.ts';
import { escapeTsv } from '../../tsv.ts';
import { isIntIn, Rejection } from '../../validate.ts';
import { checkSighting, sightingColumns, type Sighting } from '../sighting.ts';

/** A WiFi frame seen by a scanner in monitor mode: `{mac, rssi, ts, ssid?, channel?, frame_type?}`. */
export interface WifiEvent extends Sighting {
  ssid?: string;
  channel?: number;
  frame_type?: string;
}

// 802.11 limits an SSID to 32 octets; channels run up to 233 in the 6 GHz band.
const SSID_MAX_BYTES = 32;
const CHANNEL_MAX = 233;
const FRAME_TYPE = /^[a-z][a-z0-9_]{0,31}$/;
const DEFAULT_FRAME_TYPE = 'probe_request';

/** WiFi's events: how a frame is checked and which columns of wifi_events it fills. */
export const wifiEvents = {
  // vendor: enrichment from the IEEE registry (mac-vendor.ts); '' for randomized MACs.
  columns: [...sightingColumns('client_mac'), 'ssid', 'channel', 'frame_type', 'vendor'],
  validate(event: Record<string, unknown>) {
    const sighting = checkSighting(event);
    if (sighting) return sighting;
    const { ssid, channel, frame_type: frameType } = event;
    if (ssid !== undefined && (typeof ssid !== 'string' || Buffer.byteLength(ssid) > SSID_MAX_BYTES)) {
      return new Rejection('invalid_ssid', 'ssid', ssid);
    }
    if (channel !== undefined && !isIntIn(channel, 1, CHANNEL_MAX)) return new Rejection('invalid_channel', 'channel', channel);
    if (frameType !== undefined && (typeof frameType !== 'string' || !FRAME_TYPE.test(frameType))) {
      return new Rejection('invalid_frame_type', 'frame_type', frameType);
    }
    return null;
  },
  encode: (e: WifiEvent) =>
    `${e.mac}\t${e.rssi}\t${e.ssid === undefined ? '' : escapeTsv(e.ssid)}\t${e.channel ?? 0}\t${e.frame_type ?? DEFAULT_FRAME_TYPE}\t${escapeTsv(macVendor(e.mac))}`,
};
