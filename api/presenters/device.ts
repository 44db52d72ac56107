import { defaultDeviceConfig, deviceConfigSchemas, mergedDeviceConfig } from '../../core/device-config.ts';
import type { DeviceListRow } from '../../db/repositories/devices.ts';
import { z } from '../http/openapi.ts';
import { Timestamp } from '../http/schemas.ts';

const JsonObject = z.record(z.string(), z.unknown());

// brief: clients talk about "Receiver #5", not MAC addresses.
export const deviceLabel = (simpleId: number): string => `Receiver #${simpleId}`;

const common = {
  id: z.number().int(),
  simple_id: z.number().int(),
  label: z.string().openapi({ example: 'Receiver #5' }),
  mac: z.string().openapi({ example: '38:54:39:4b:1b:ac' }),
  name: z.string(),
  online: z.boolean().describe('a live MQTT session, or posts over the HTTP bridge within the last couple of minutes'),
  connection: z.enum(['mqtt', 'http']).nullable().describe('how the device is online: mqtt (connected) or http (posting); null when offline'),
  last_seen_at: Timestamp,
};

export const DeviceView = z
  .object({
    ...common,
    organization_id: z.number().int().nullable(),
    organization_name: z.string().nullable(),
    status: z.enum(['active', 'blocked']),
    registered_at: Timestamp,
    events_today: z.number().int(),
  })
  .openapi('Device');

const DeviceConfigView = z.object({
  schema: z.record(z.string(), z.unknown()).describe("each product's section as JSON Schema: what overrides may set"),
  defaults: JsonObject,
  overrides: JsonObject,
  merged: JsonObject,
  desired_version: z.number().int(),
  reported_version: z.number().int().nullable(),
});

export const DeviceDetailView = DeviceView.extend({
  config: DeviceConfigView,
  notes: z.string(),
  reported_status: JsonObject.nullable(),
  rejected_events: z.number().int(),
  last_error: z.string().nullable(),
  last_error_at: Timestamp,
}).openapi('DeviceDetail');

export const ClientDeviceView = z.object({ ...common, events_in_period: z.number().int() }).openapi('ClientDevice');

export const ClientDeviceDetailView = ClientDeviceView.extend({
  reported_status: JsonObject.nullable(),
  notes: z.string(),
  config: DeviceConfigView,
  location_id: z.number().int().nullable().describe('the BLE location it is assigned to: it follows that location’s grants (null: the whole organization’s)'),
}).openapi('ClientDeviceDetail');

type Iso = string | null;
const iso = (d: Date | null): Iso => d?.toISOString() ?? null;

const presentCommon = (d: DeviceListRow) => ({
  id: d.id,
  simple_id: d.simple_id,
  label: deviceLabel(d.simple_id),
  mac: d.mac,
  name: d.name,
  online: d.connection !== null,
  connection: d.connection,
  last_seen_at: iso(d.last_seen_at),
});

/** A device as the superadmin sees it in lists; never the token hash or the device password. */
export const presentDevice = (d: DeviceListRow, eventsToday: number): z.infer<typeof DeviceView> => ({
  ...presentCommon(d),
  organization_id: d.organization_id,
  organization_name: d.organization_name,
  status: d.status,
  registered_at: iso(d.registered_at),
  events_today: eventsToday,
});

/** The superadmin's device page: desired vs reported config, reported status, ingest problems. */
export const presentDeviceDetail = (d: DeviceListRow, eventsToday: number): z.infer<typeof DeviceDetailView> => ({
  ...presentDevice(d, eventsToday),
  config: presentConfig(d),
  notes: d.notes,
  reported_status: d.reported_status,
  rejected_events: Number(d.rejected_events),
  last_error: d.last_error,
  last_error_at: iso(d.last_error_at),
});

/** A device as its organization sees it. */
export const presentClientDevice = (d: DeviceListRow, eventsInPeriod: number): z.infer<typeof ClientDeviceView> => ({
  ...presentCommon(d),
  events_in_period: eventsInPeriod,
});

/** Defaults, overrides and what the device gets, with the desired vs the reported version. */
const presentConfig = (d: DeviceListRow): z.infer<typeof DeviceConfigView> => ({
  schema: deviceConfigSchemas(),
  defaults: defaultDeviceConfig(),
  overrides: d.config_overrides,
  merged: mergedDeviceConfig(d.config_overrides),
  desired_version: d.config_version,
  reported_version: d.reported_config_version,
});

/** A receiver's page as its organization sees it: status, notes and the config loop. */
export const presentClientDeviceDetail = (d: DeviceListRow, eventsInPeriod: number, locationId: number | null): z.infer<typeof ClientDeviceDetailView> => ({
  ...presentClientDevice(d, eventsInPeriod),
  reported_status: d.reported_status,
  notes: d.notes,
  config: presentConfig(d),
  location_id: locationId,
});
