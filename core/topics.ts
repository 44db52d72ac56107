import { PRODUCT_NAMES, type ProductName } from './products.ts';

/**
 * MQTT topic names of the device plane, all under `devices/<mac>/` with the canonical MAC.
 * Uplink = what a device publishes, downlink = what it subscribes to.
 */
export const CONTROL_UPLINKS = ['status', 'config/ack', 'cmd/ack'] as const;
export const DOWNLINKS = ['config', 'cmd'] as const;

export type ControlUplink = (typeof CONTROL_UPLINKS)[number];
/** An uplink topic suffix: a product's event batches (`ble`, `wifi`, …) or a control message. */
export type UplinkKind = ProductName | ControlUplink;
export type DownlinkKind = (typeof DOWNLINKS)[number];

/** Every uplink suffix; a new product in core/products.ts gets its batch topic here automatically. */
export const UPLINKS: readonly UplinkKind[] = [...PRODUCT_NAMES, ...CONTROL_UPLINKS];

/** The topic `devices/<mac>/<kind>`. */
export const deviceTopic = (mac: string, kind: UplinkKind | DownlinkKind): string => `devices/${mac}/${kind}`;

/** Uplink topics of one device, mapped to their kind (the ACL's whole publish rule for that device). */
export const uplinkTopics = (mac: string): Map<string, UplinkKind> =>
  new Map(UPLINKS.map((kind) => [deviceTopic(mac, kind), kind]));

/** Downlink topics of one device (the ACL's whole subscribe rule for that device). */
export const downlinkTopics = (mac: string): Set<string> => new Set(DOWNLINKS.map((kind) => deviceTopic(mac, kind)));
