import type { Point } from '../../../core/products/ble-geometry.ts';
import type { Db } from '../../../core/postgres.ts';

/** A plan the engine positions on: its size in metres and the location it belongs to. */
export interface PlanRecord {
  id: number;
  organizationId: number;
  locationId: number;
  width: number;
  height: number;
}

export interface ZoneRecord {
  id: number;
  planId: number;
  polygon: Point[];
}

/** A receiver placed on a plan. */
export interface ReceiverRecord {
  deviceId: number;
  organizationId: number;
  planId: number;
  x: number;
  y: number;
  heightM: number;
  rssiOffsetDb: number;
}

export interface TagRecord {
  id: number;
  organizationId: number;
  uuid: string;
  major: number;
  minor: number;
}

/** Everything the engine reads from migration 011's tables (and 014's overrides), for every organization. */
export interface SiteRecords {
  plans: PlanRecord[];
  zones: ZoneRecord[];
  receivers: ReceiverRecord[];
  tags: TagRecord[];
  /** Organization id → its stored parameter overrides. */
  params: Map<number, Record<string, unknown>>;
}

/**
 * Reads the site model of every organization: a few thousand rows for a large installation, read in
 * one go every reload. Receivers not placed on a plan (no plan or no coordinates) are left out: they
 * cannot position anything.
 */
export async function loadSiteRecords(db: Db): Promise<SiteRecords> {
  const [plans, zones, receivers, tags, params] = await Promise.all([
    db('ble_plans').select(
      'id',
      'organization_id',
      'location_id',
      db.raw('width_px * metres_per_pixel AS width'),
      db.raw('height_px * metres_per_pixel AS height'),
    ),
    db('ble_zones').select('id', 'plan_id', 'polygon'),
    db('ble_receivers').whereNotNull('plan_id').whereNotNull('x').whereNotNull('y').select('device_id', 'organization_id', 'plan_id', 'x', 'y', 'height_m', 'rssi_offset_db'),
    db('ble_tags').select('id', 'organization_id', 'uuid', 'major', 'minor'),
    db('ble_positioning_settings').select('organization_id', 'params'),
  ]);
  return {
    plans: plans.map((p) => ({ id: p.id, organizationId: p.organization_id, locationId: p.location_id, width: Number(p.width), height: Number(p.height) })),
    zones: zones.map((z) => ({ id: z.id, planId: z.plan_id, polygon: z.polygon as Point[] })),
    receivers: receivers.map((r) => ({
      deviceId: r.device_id,
      organizationId: r.organization_id,
      planId: r.plan_id,
      x: Number(r.x),
      y: Number(r.y),
      heightM: Number(r.height_m),
      rssiOffsetDb: Number(r.rssi_offset_db),
    })),
    tags: tags.map((t) => ({ id: t.id, organizationId: t.organization_id, uuid: String(t.uuid).toLowerCase().replace(/-/g, ''), major: t.major, minor: t.minor })),
    params: new Map(params.map((p) => [p.organization_id as number, p.params as Record<string, unknown>])),
  };
}
