import type { Knex } from 'knex';
import type { Db } from '../../../core/postgres.ts';
import type { Point } from '../../../core/products/ble-geometry.ts';
import type { LocationScope } from '../../../core/policy.ts';
import { whereLocationVisible } from '../../../db/repositories/location-grants.ts';

/** A wall: a polyline in plan metres. A label: text at a point in plan metres. */
export type Polyline = Point[];
export interface PlanLabel {
  x: number;
  y: number;
  text: string;
}

export interface LocationRow {
  id: number;
  organization_id: number;
  name: string;
  address: string;
  timezone: string;
  created_at: Date;
}

export interface PlanRow {
  id: number;
  organization_id: number;
  location_id: number;
  name: string;
  image_key: string;
  image_type: string;
  width_px: number;
  height_px: number;
  metres_per_pixel: number;
  scale_set: boolean;
  walls: Polyline[];
  labels: PlanLabel[];
  walls_status: 'pending' | 'done' | 'failed';
  next_zone_number: number;
  updated_at: Date;
}

export interface ZoneRow {
  id: number;
  organization_id: number;
  plan_id: number;
  number: number;
  name: string;
  colour: string;
  polygon: Point[];
}

export interface ReceiverRow {
  device_id: number;
  organization_id: number;
  location_id: number;
  plan_id: number | null;
  x: number | null;
  y: number | null;
  rotation_deg: number;
  height_m: number;
}

export interface TagRow {
  id: number;
  organization_id: number;
  uuid: string;
  major: number;
  minor: number;
  type: 'person' | 'asset' | 'vehicle';
  name: string;
  description: string;
  photo_key: string | null;
}

type Scope = { organizationId: number };
type Executor = Db | Knex.Transaction;

const json = (value: unknown) => JSON.stringify(value);

// Every query below names organization_id: a row of another tenant is as absent as a missing one.

export const listLocations = (db: Db, s: Pick<LocationScope, 'organizationId' | 'grants'>) =>
  whereLocationVisible(db('ble_locations').where({ organization_id: s.organizationId }), 'id', s).orderBy('id') as Promise<LocationRow[]>;
export const findLocation = (db: Executor, s: Scope, id: number) =>
  db<LocationRow>('ble_locations').where({ id, organization_id: s.organizationId }).first();
export async function insertLocation(db: Db, s: Scope, v: Pick<LocationRow, 'name' | 'address' | 'timezone'>): Promise<LocationRow> {
  const [row] = await db<LocationRow>('ble_locations').insert({ ...v, organization_id: s.organizationId }).returning('*');
  return row!;
}
export async function updateLocation(db: Db, s: Scope, id: number, v: Partial<Pick<LocationRow, 'name' | 'address' | 'timezone'>>) {
  const [row] = await db<LocationRow>('ble_locations')
    .where({ id, organization_id: s.organizationId })
    .update({ ...v, updated_at: db.fn.now() } as never)
    .returning('*');
  return row as LocationRow | undefined;
}
export const deleteLocation = (db: Db, s: Scope, id: number) => db('ble_locations').where({ id, organization_id: s.organizationId }).delete();

const planColumns = (row: Record<string, unknown>) => row as unknown as PlanRow;
export const listPlans = async (db: Db, s: Scope, locationId: number) =>
  (await db('ble_plans').where({ organization_id: s.organizationId, location_id: locationId }).orderBy('id')).map(planColumns);
export const listPlanImageKeys = (db: Db, s: Scope, locationId: number) =>
  db('ble_plans').where({ organization_id: s.organizationId, location_id: locationId }).pluck('image_key') as Promise<string[]>;
export async function findPlan(db: Executor, s: Scope, id: number): Promise<PlanRow | undefined> {
  const row = await db('ble_plans').where({ id, organization_id: s.organizationId }).first();
  return row && planColumns(row);
}
/** A plan read under its row lock, for a change computed from its current walls and scale. */
export async function lockPlan(trx: Knex.Transaction, s: Scope, id: number): Promise<PlanRow | undefined> {
  const row = await trx('ble_plans').where({ id, organization_id: s.organizationId }).forUpdate().first();
  return row && planColumns(row);
}
export async function insertPlan(
  db: Db,
  s: Scope,
  v: Pick<PlanRow, 'location_id' | 'name' | 'image_key' | 'image_type' | 'width_px' | 'height_px' | 'metres_per_pixel'>,
): Promise<PlanRow> {
  const [row] = await db('ble_plans').insert({ ...v, organization_id: s.organizationId }).returning('*');
  return planColumns(row);
}
export async function updatePlan(
  db: Executor,
  s: Scope,
  id: number,
  v: Partial<Pick<PlanRow, 'name' | 'metres_per_pixel' | 'scale_set' | 'walls' | 'labels' | 'walls_status'>>,
): Promise<PlanRow | undefined> {
  const patch: Record<string, unknown> = { ...v, updated_at: db.fn.now() };
  if (v.walls) patch.walls = json(v.walls);
  if (v.labels) patch.labels = json(v.labels);
  const [row] = await db('ble_plans').where({ id, organization_id: s.organizationId }).update(patch).returning('*');
  return row && planColumns(row);
}
export const deletePlan = (db: Db, s: Scope, id: number) => db('ble_plans').where({ id, organization_id: s.organizationId }).delete();

/** Names of the given plans and zones of the organization (where the tag list says its tags are). */
export const namePlans = (db: Db, s: Pick<LocationScope, 'organizationId' | 'grants'>, ids: number[]) =>
  whereLocationVisible(db<PlanRow>('ble_plans').where({ organization_id: s.organizationId }).whereIn('id', ids), 'location_id', s).select('id', 'name', 'location_id') as Promise<
    Array<Pick<PlanRow, 'id' | 'name' | 'location_id'>>
  >;
export const nameZones = (db: Db, s: Scope, ids: number[]) =>
  db<ZoneRow>('ble_zones').where({ organization_id: s.organizationId }).whereIn('id', ids).select('id', 'number', 'name');

export const listZones = (db: Db, s: Scope, planId: number) =>
  db<ZoneRow>('ble_zones').where({ organization_id: s.organizationId, plan_id: planId }).orderBy('number');
export const findZone = (db: Db, s: Scope, id: number) => db<ZoneRow>('ble_zones').where({ id, organization_id: s.organizationId }).first();

/** Inserts a zone with the plan's next number, taken under the plan's row lock so two zones never share one. */
export function insertZone(db: Db, s: Scope, planId: number, v: Pick<ZoneRow, 'name' | 'colour' | 'polygon'>): Promise<ZoneRow | undefined> {
  return db.transaction(async (trx) => {
    const [plan] = await trx('ble_plans')
      .where({ id: planId, organization_id: s.organizationId })
      .increment('next_zone_number', 1)
      .returning(['next_zone_number']);
    if (!plan) return undefined;
    const [row] = await trx<ZoneRow>('ble_zones')
      .insert({ organization_id: s.organizationId, plan_id: planId, number: (plan.next_zone_number as number) - 1, name: v.name, colour: v.colour, polygon: json(v.polygon) as never })
      .returning('*');
    return row;
  });
}
export async function updateZone(db: Db, s: Scope, id: number, v: Partial<Pick<ZoneRow, 'name' | 'colour' | 'polygon'>>) {
  const patch: Record<string, unknown> = { ...v, updated_at: db.fn.now() };
  if (v.polygon) patch.polygon = json(v.polygon);
  const [row] = await db('ble_zones').where({ id, organization_id: s.organizationId }).update(patch).returning('*');
  return row as ZoneRow | undefined;
}
export const deleteZone = (db: Db, s: Scope, id: number) => db('ble_zones').where({ id, organization_id: s.organizationId }).delete();

export const listReceivers = (db: Db, s: Scope, locationId: number) =>
  db<ReceiverRow>('ble_receivers').where({ organization_id: s.organizationId, location_id: locationId }).orderBy('device_id');
export const findReceiver = (db: Db, s: Scope, deviceId: number) =>
  db<ReceiverRow>('ble_receivers').where({ device_id: deviceId, organization_id: s.organizationId }).first();

/** Assigns a device to a location (moving it from any other) with its placement; one row per device. */
export async function upsertReceiver(db: Db, s: Scope, v: Omit<ReceiverRow, 'organization_id'>): Promise<ReceiverRow> {
  const [row] = await db<ReceiverRow>('ble_receivers')
    .insert({ ...v, organization_id: s.organizationId })
    .onConflict('device_id')
    .merge({ ...v, organization_id: s.organizationId, updated_at: db.fn.now() } as never)
    .returning('*');
  return row!;
}
export const deleteReceiver = (db: Db, s: Scope, deviceId: number) =>
  db('ble_receivers').where({ device_id: deviceId, organization_id: s.organizationId }).delete();

export interface TagFilter extends Scope {
  type?: TagRow['type'];
}
export function listTags(db: Db, f: TagFilter) {
  const query = db<TagRow>('ble_tags').where({ organization_id: f.organizationId }).orderBy('name').orderBy('id');
  if (f.type) query.andWhere({ type: f.type });
  return query;
}
export const findTag = (db: Db, s: Scope, id: number) => db<TagRow>('ble_tags').where({ id, organization_id: s.organizationId }).first();
export async function insertTag(db: Db, s: Scope, v: Omit<TagRow, 'id' | 'organization_id' | 'photo_key'>): Promise<TagRow> {
  const [row] = await db<TagRow>('ble_tags').insert({ ...v, organization_id: s.organizationId }).returning('*');
  return row!;
}
export async function updateTag(db: Db, s: Scope, id: number, v: Partial<Omit<TagRow, 'id' | 'organization_id'>>) {
  const [row] = await db<TagRow>('ble_tags')
    .where({ id, organization_id: s.organizationId })
    .update({ ...v, updated_at: db.fn.now() } as never)
    .returning('*');
  return row as TagRow | undefined;
}
export const deleteTag = (db: Db, s: Scope, id: number) => db('ble_tags').where({ id, organization_id: s.organizationId }).delete();
