import type { ClickHouseClient } from '../../../core/clickhouse.ts';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../../core/errors.ts';
import type { FileStore } from '../../../core/file-store.ts';
import { requireLocation, type LocationScope } from '../../../core/policy.ts';
import type { Db } from '../../../core/postgres.ts';
import { findDeviceWithOrganization, listDevices } from '../../../db/repositories/devices.ts';
import { hiddenDevices } from '../../services/location-scope.ts';
import { deviceLabel } from '../../presenters/device.ts';
import { polygonArea, polygonProblem, type Point } from '../../../core/products/ble-geometry.ts';
import { PLAN_IMAGE_LIMITS, reencodeImage, TAG_PHOTO_LIMITS } from './uploaded-image.ts';
import * as repo from './repository.ts';
import * as audit from './audit.ts';
import { recordChange } from '../../services/audit/record.ts';
import { queryCurrentZones } from './positions-repository.ts';
import { queryLastSightings } from './sightings-repository.ts';

export interface BleDeps {
  db: Db;
  ch: ClickHouseClient;
  files: FileStore;
  /** Starts tracing the walls of a freshly stored plan (off the request; the result lands in the row). */
  vectorize(organizationId: number, planId: number): void;
}

/** The caller's tenant, location grants and whether the request writes (core/policy.ts). */
type Scope = LocationScope;

// Until the client draws a reference line, a plan is assumed at 5 cm per pixel (a typical scanned
// floor plan): zones drawn before the scale is set keep their metres, walls follow the image.
export const DEFAULT_METRES_PER_PIXEL = 0.05;
// brief: a tag not heard for more than 10 minutes is "not seen".
export const TAG_ACTIVE_MS = 10 * 60_000;
const SIGHTING_WINDOW_HOURS = 24;
const PG_UNIQUE_VIOLATION = '23505';

export const planImagePath = (planId: number) => `/api/v1/client/ble/plans/${planId}/image`;

// Every object below is reached through its location: one not granted answers like a missing one.
async function location(db: Db, s: Scope, id: number) {
  const row = await repo.findLocation(db, s, id);
  if (!row) throw notFound('location');
  requireLocation(s, row.id);
  return row;
}

async function plan(db: Db, s: Scope, id: number) {
  const row = await repo.findPlan(db, s, id);
  if (!row) throw notFound('plan');
  requireLocation(s, row.location_id, 'plan');
  return row;
}

async function zone(db: Db, s: Scope, id: number) {
  const row = await repo.findZone(db, s, id);
  const parent = row && (await repo.findPlan(db, s, row.plan_id));
  if (!row || !parent) throw notFound('zone');
  requireLocation(s, parent.location_id, 'zone');
  return { row, plan: parent };
}

/**
 * The organization's plan, or 404 exactly like a missing one. Every read of positions (live map, history,
 * exports) starts here, so per-location access rules apply to them in this one place.
 */
export const requirePlan = plan;

const planSize = (p: repo.PlanRow) => ({ width: p.width_px * p.metres_per_pixel, height: p.height_px * p.metres_per_pixel });

function checkPolygon(p: repo.PlanRow, polygon: Point[]): void {
  const problem = polygonProblem(polygon, planSize(p));
  if (problem) throw validationFailed([{ in: 'body', path: 'polygon', message: problem }], `Invalid zone polygon: ${problem}`);
}

export const presentPlan = (p: repo.PlanRow) => ({
  id: p.id,
  location_id: p.location_id,
  name: p.name,
  image_url: planImagePath(p.id),
  image_type: p.image_type,
  width_px: p.width_px,
  height_px: p.height_px,
  metres_per_pixel: p.metres_per_pixel,
  scale_set: p.scale_set,
  width_m: planSize(p).width,
  height_m: planSize(p).height,
  walls: p.walls,
  labels: p.labels,
  walls_status: p.walls_status,
});

export const presentZone = (z: repo.ZoneRow) => ({
  id: z.id,
  plan_id: z.plan_id,
  number: z.number,
  name: z.name,
  colour: z.colour,
  polygon: z.polygon,
  area_m2: Math.round(polygonArea(z.polygon) * 100) / 100,
});

// ——— locations

export const listLocations = (db: Db, s: Scope) => repo.listLocations(db, s);
export const getLocation = (db: Db, s: Scope, id: number) => location(db, s, id);

/** A new location is the organization's, not anyone's grant: only those who see every location add one. */
export function createLocation(db: Db, s: Scope, v: { name: string; address: string; timezone: string }) {
  if (s.grants !== 'all') throw forbidden('Only the owner or an admin adds locations', 'all_locations_required');
  return db.transaction(async (trx) => {
    const row = await repo.insertLocation(trx, s, v);
    await recordChange(trx, { action: 'ble.location.create', object: audit.locationObject(row), after: audit.locationAudit(row) });
    return row;
  });
}
export async function updateLocation(db: Db, s: Scope, id: number, v: Partial<{ name: string; address: string; timezone: string }>) {
  return db.transaction(async (trx) => {
    const before = await location(trx, s, id);
    const row = await repo.updateLocation(trx, s, id, v);
    if (!row) throw notFound('location');
    await recordChange(trx, { action: 'ble.location.update', object: audit.locationObject(row), before: audit.locationAudit(before), after: audit.locationAudit(row) });
    return row;
  });
}

/** Deletes a location with its plans, zones and receiver assignments, and the plans' image files. */
export async function deleteLocation(deps: BleDeps, s: Scope, id: number): Promise<void> {
  const row = await location(deps.db, s, id);
  const keys = await repo.listPlanImageKeys(deps.db, s, id);
  await deps.db.transaction(async (trx) => {
    await repo.deleteLocation(trx, s, id);
    await recordChange(trx, { action: 'ble.location.delete', object: audit.locationObject(row), before: audit.locationAudit(row) });
  });
  await Promise.all(keys.map((k) => deps.files.remove(k)));
}

// ——— plans

export async function listPlans(db: Db, s: Scope, locationId: number) {
  await location(db, s, locationId);
  return (await repo.listPlans(db, s, locationId)).map(presentPlan);
}

export const getPlan = async (db: Db, s: Scope, id: number) => presentPlan(await plan(db, s, id));

/** Stores an uploaded plan image (re-encoded), creates the plan and starts tracing its walls. */
export async function createPlan(deps: BleDeps, s: Scope, locationId: number, name: string, upload: Buffer) {
  await location(deps.db, s, locationId);
  const image = await reencodeImage(upload, PLAN_IMAGE_LIMITS);
  const key = await deps.files.put('plans', image.extension, image.bytes);
  try {
    const row = await deps.db.transaction(async (trx) => {
      const inserted = await repo.insertPlan(trx, s, {
        location_id: locationId,
        name,
        image_key: key,
        image_type: image.type,
        width_px: image.width,
        height_px: image.height,
        metres_per_pixel: DEFAULT_METRES_PER_PIXEL,
      });
      await recordChange(trx, { action: 'ble.plan.create', object: audit.planObject(inserted), after: { ...audit.planAudit(inserted), image_bytes: image.bytes.length } });
      return inserted;
    });
    deps.vectorize(s.organizationId, row.id);
    return presentPlan(row);
  } catch (err) {
    await deps.files.remove(key);
    throw err;
  }
}

export interface PlanChanges {
  name?: string;
  metres_per_pixel?: number;
  walls?: repo.Polyline[];
  labels?: repo.PlanLabel[];
}

/**
 * Renames a plan, sets its scale or replaces its walls and labels. Walls and labels trace the image,
 * so a new scale stretches them with it; zones and receivers are the client's metres and stay put.
 */
export async function updatePlan(db: Db, s: Scope, id: number, v: PlanChanges) {
  return db.transaction(async (trx) => {
    const current = await repo.lockPlan(trx, s, id);
    if (!current) throw notFound('plan');
    requireLocation(s, current.location_id, 'plan');
    const mpp = v.metres_per_pixel ?? current.metres_per_pixel;
    const ratio = mpp / current.metres_per_pixel;
    const stretch = (p: Point): Point => [p[0] * ratio, p[1] * ratio];
    const walls = v.walls ?? (ratio === 1 ? undefined : current.walls.map((w) => w.map(stretch)));
    const labels = v.labels ?? (ratio === 1 ? undefined : current.labels.map((l) => ({ ...l, x: l.x * ratio, y: l.y * ratio })));
    const size = { width: current.width_px * mpp, height: current.height_px * mpp };
    const outside = (x: number, y: number) => x < 0 || y < 0 || x > size.width || y > size.height;
    if (walls?.some((w) => w.some(([x, y]) => outside(x, y))) || labels?.some((l) => outside(l.x, l.y))) {
      throw validationFailed([{ in: 'body', path: v.walls ? 'walls' : 'labels', message: 'must lie inside the plan' }], 'Walls and labels must lie inside the plan');
    }
    const row = await repo.updatePlan(trx, s, id, {
      name: v.name,
      metres_per_pixel: mpp,
      scale_set: v.metres_per_pixel === undefined ? undefined : true,
      walls,
      labels,
      walls_status: v.walls ? 'done' : undefined,
    });
    await recordChange(trx, { action: 'ble.plan.update', object: audit.planObject(row!), before: audit.planAudit(current), after: audit.planAudit(row!) });
    return presentPlan(row!);
  });
}

export async function deletePlan(deps: BleDeps, s: Scope, id: number): Promise<void> {
  const row = await plan(deps.db, s, id);
  await deps.db.transaction(async (trx) => {
    await repo.deletePlan(trx, s, id);
    await recordChange(trx, { action: 'ble.plan.delete', object: audit.planObject(row), before: audit.planAudit(row) });
  });
  await deps.files.remove(row.image_key);
}

/** The stored (re-encoded) image of a plan. */
export async function planImage(deps: BleDeps, s: Scope, id: number) {
  const row = await plan(deps.db, s, id);
  const bytes = await deps.files.get(row.image_key);
  if (!bytes) throw notFound('plan_image');
  return { bytes, type: row.image_type };
}

// ——— zones

export async function listZones(db: Db, s: Scope, planId: number) {
  await plan(db, s, planId);
  return (await repo.listZones(db, s, planId)).map(presentZone);
}

export async function createZone(db: Db, s: Scope, planId: number, v: { name?: string; colour: string; polygon: Point[] }) {
  checkPolygon(await plan(db, s, planId), v.polygon);
  const row = await db.transaction(async (trx) => {
    const inserted = await repo.insertZone(trx, s, planId, { name: v.name ?? '', colour: v.colour, polygon: v.polygon });
    if (!inserted) throw notFound('plan');
    await recordChange(trx, { action: 'ble.zone.create', object: audit.zoneObject(inserted), after: audit.zoneAudit(inserted) });
    return inserted;
  });
  return presentZone(row);
}

export async function updateZone(db: Db, s: Scope, id: number, v: { name?: string; colour?: string; polygon?: Point[] }) {
  const current = await zone(db, s, id);
  if (v.polygon) checkPolygon(current.plan, v.polygon);
  const row = await db.transaction(async (trx) => {
    const updated = await repo.updateZone(trx, s, id, v);
    if (!updated) throw notFound('zone');
    await recordChange(trx, { action: 'ble.zone.update', object: audit.zoneObject(updated), before: audit.zoneAudit(current.row), after: audit.zoneAudit(updated) });
    return updated;
  });
  return presentZone(row);
}

export async function deleteZone(db: Db, s: Scope, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const { row } = await zone(trx, s, id);
    if (!(await repo.deleteZone(trx, s, id))) throw notFound('zone');
    await recordChange(trx, { action: 'ble.zone.delete', object: audit.zoneObject(row), before: audit.zoneAudit(row) });
  });
}

// ——— receivers

/** The organization's receivers assigned to a location, with their placement (if any) and presence. */
export async function listReceivers(db: Db, s: Scope, locationId: number) {
  await location(db, s, locationId);
  const [rows, { rows: devices }] = await Promise.all([
    repo.listReceivers(db, s, locationId),
    listDevices(db, { organizationId: s.organizationId, limit: 10_000, offset: 0 }),
  ]);
  const byId = new Map(devices.map((d) => [d.id, d]));
  return rows.flatMap((r) => {
    const device = byId.get(r.device_id);
    return device ? [presentReceiver(r, device)] : [];
  });
}

const presentReceiver = (r: repo.ReceiverRow, device: { simple_id: number; name: string; online: boolean }) => ({
  device_id: r.device_id,
  simple_id: device.simple_id,
  label: deviceLabel(device.simple_id),
  name: device.name,
  online: device.online,
  location_id: r.location_id,
  plan_id: r.plan_id,
  x: r.x,
  y: r.y,
  rotation_deg: r.rotation_deg,
  height_m: r.height_m,
});

export interface ReceiverPlacement {
  location_id: number;
  plan_id: number | null;
  x: number | null;
  y: number | null;
  rotation_deg: number;
  height_m: number;
}

/** Assigns one of the organization's receivers to a location and, optionally, places it on one of its plans. */
export async function placeReceiver(db: Db, s: Scope, deviceId: number, v: ReceiverPlacement) {
  const device = await findDeviceWithOrganization(db, deviceId, s.organizationId);
  if (!device) throw notFound('device');
  // Moving a receiver changes the location it leaves as much as the one it joins.
  const current = await repo.findReceiver(db, s, deviceId);
  if (current) requireLocation(s, current.location_id, 'device');
  await location(db, s, v.location_id);
  if (v.plan_id !== null) {
    const p = await plan(db, s, v.plan_id);
    if (p.location_id !== v.location_id) throw new AppError(400, 'plan_not_in_location', 'The plan belongs to another location');
    if (v.x === null || v.y === null) throw validationFailed([{ in: 'body', path: 'x', message: 'a placed receiver needs x and y' }]);
    const size = planSize(p);
    if (v.x < 0 || v.y < 0 || v.x > size.width || v.y > size.height) {
      throw validationFailed([{ in: 'body', path: 'x', message: 'the receiver must stand inside the plan' }], 'The receiver must stand inside the plan');
    }
  }
  const placed = v.plan_id === null ? { x: null, y: null } : { x: v.x, y: v.y };
  const row = await db.transaction(async (trx) => {
    const before = await repo.findReceiver(trx, s, deviceId);
    const after = await repo.upsertReceiver(trx, s, { device_id: deviceId, ...v, ...placed, rotation_deg: ((v.rotation_deg % 360) + 360) % 360 });
    await recordChange(trx, { action: 'ble.receiver.place', object: audit.receiverObject(device), before: before && audit.receiverAudit(before), after: audit.receiverAudit(after) });
    return after;
  });
  return presentReceiver(row, device);
}

export async function unassignReceiver(db: Db, s: Scope, deviceId: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await repo.findReceiver(trx, s, deviceId);
    if (!before) throw notFound('receiver');
    requireLocation(s, before.location_id, 'receiver');
    const device = await findDeviceWithOrganization(trx, deviceId, s.organizationId);
    if (!device || !(await repo.deleteReceiver(trx, s, deviceId))) throw notFound('receiver');
    await recordChange(trx, { action: 'ble.receiver.unassign', object: audit.receiverObject(device), before: audit.receiverAudit(before) });
  });
}

// ——— tags

type TagInput = Pick<repo.TagRow, 'uuid' | 'major' | 'minor' | 'type' | 'name' | 'description'>;

const duplicateTag = (err: unknown) =>
  (err as { code?: string }).code === PG_UNIQUE_VIOLATION
    ? conflict('tag_exists', 'A tag with this UUID, major and minor already exists')
    : err;

/** Tags with search by name and filter by type; status and last receiver from the last day's sightings. */
export async function listTags(deps: BleDeps, s: Scope, f: Omit<repo.TagFilter, 'organizationId'> & { q?: string }, now = Date.now()) {
  // The name search folds case in JS: the embedded PostgreSQL runs in the C locale, where ILIKE does
  // not fold Cyrillic ("марья" would not find "Марья"); an organization's tags are a few thousand rows.
  const needle = f.q?.toLocaleLowerCase();
  const tags = (await repo.listTags(deps.db, { ...f, organizationId: s.organizationId })).filter((t) => !needle || t.name.toLocaleLowerCase().includes(needle));
  const uuids = [...new Set(tags.map((t) => t.uuid))];
  // A tag belongs to the organization, but where it was last heard or placed belongs to that location.
  const hidden = await hiddenDevices(deps.db, s);
  const [sightings, { rows: devices }, placed] = await Promise.all([
    uuids.length ? queryLastSightings(deps.ch, s.organizationId, uuids, SIGHTING_WINDOW_HOURS, hidden) : [],
    listDevices(deps.db, { organizationId: s.organizationId, limit: 10_000, offset: 0 }),
    tags.length ? queryCurrentZones(deps.ch, s.organizationId, new Date(now - SIGHTING_WINDOW_HOURS * 3_600_000)) : [],
  ]);
  const seen = new Map(sightings.map((r) => [`${r.uuid}/${r.major}/${r.minor}`, r]));
  // Only plans of visible locations come back, so a placement elsewhere reads as not seen.
  const plans = await repo.namePlans(deps.db, s, [...new Set(placed.map((r) => r.plan))]);
  const planOf = new Map(plans.map((p) => [p.id, p]));
  const located = placed.filter((r) => planOf.has(r.plan));
  const where = new Map(located.map((r) => [r.tag_id, r]));
  const zones = await repo.nameZones(deps.db, s, [...new Set(located.map((r) => r.zone).filter((z) => z !== 0))]);
  const zoneOf = new Map(zones.map((z) => [z.id, z]));
  const label = new Map(devices.map((d) => [d.id, deviceLabel(d.simple_id)]));
  return tags.map((t) => {
    const last = seen.get(`${t.uuid}/${t.major}/${t.minor}`);
    // Seen = heard by a receiver or placed by the positioning engine, whichever was later.
    const seenAt = Math.max(last?.at_ms ?? 0, where.get(t.id)?.at_ms ?? 0) || null;
    return {
      ...presentTag(t),
      status: seenAt !== null && now - seenAt <= TAG_ACTIVE_MS ? ('active' as const) : ('not_seen' as const),
      last_seen_at: seenAt === null ? null : new Date(seenAt).toISOString(),
      last_receiver: last ? (label.get(last.device_id) ?? null) : null,
      ...placeOf(where.get(t.id), planOf, zoneOf),
    };
  });
}

/**
 * The last place the positioning engine put a tag: its plan, and its zone unless outside every zone. A
 * plan or zone deleted since reads as unknown (null), never as another's name.
 */
function placeOf(
  at: { plan: number; zone: number } | undefined,
  plans: ReadonlyMap<number, { id: number; name: string; location_id: number }>,
  zones: ReadonlyMap<number, { id: number; number: number; name: string }>,
) {
  const plan = at ? plans.get(at.plan) : undefined;
  const zone = at && plan ? zones.get(at.zone) : undefined;
  return {
    plan: plan ? { id: plan.id, name: plan.name, location_id: plan.location_id } : null,
    zone: zone ? { id: zone.id, number: zone.number, name: zone.name } : null,
  };
}

export const presentTag = (t: repo.TagRow) => ({
  id: t.id,
  uuid: t.uuid,
  major: t.major,
  minor: t.minor,
  type: t.type,
  name: t.name,
  description: t.description,
  has_photo: t.photo_key !== null,
});

export async function getTag(db: Db, s: Scope, id: number) {
  const row = await repo.findTag(db, s, id);
  if (!row) throw notFound('tag');
  return presentTag(row);
}

export async function createTag(db: Db, s: Scope, v: TagInput) {
  try {
    return presentTag(
      await db.transaction(async (trx) => {
        const row = await repo.insertTag(trx, s, v);
        await recordChange(trx, { action: 'ble.tag.create', object: audit.tagObject(row), after: audit.tagAudit(row) });
        return row;
      }),
    );
  } catch (err) {
    throw duplicateTag(err);
  }
}

export async function updateTag(db: Db, s: Scope, id: number, v: Partial<TagInput>) {
  let row: repo.TagRow | undefined;
  try {
    row = await db.transaction(async (trx) => {
      const before = await repo.findTag(trx, s, id);
      const after = before && (await repo.updateTag(trx, s, id, v));
      // brief: "Метка #42: 'Велосипед №5' → 'Велосипед №6'".
      if (before && after) await recordChange(trx, { action: 'ble.tag.update', object: audit.tagObject(after), before: audit.tagAudit(before), after: audit.tagAudit(after) });
      return after;
    });
  } catch (err) {
    throw duplicateTag(err);
  }
  if (!row) throw notFound('tag');
  return presentTag(row);
}

async function tag(db: Db, s: Scope, id: number) {
  const row = await repo.findTag(db, s, id);
  if (!row) throw notFound('tag');
  return row;
}

/** Replaces a tag's photo with the uploaded one (re-encoded, at most 1024 px), removing the old file. */
export async function setTagPhoto(deps: BleDeps, s: Scope, id: number, upload: Buffer) {
  const before = await tag(deps.db, s, id);
  const image = await reencodeImage(upload, TAG_PHOTO_LIMITS);
  const key = await deps.files.put('tags', image.extension, image.bytes);
  const row = await deps.db.transaction(async (trx) => {
    const after = await repo.updateTag(trx, s, id, { photo_key: key });
    if (after) await recordChange(trx, { action: 'ble.tag.photo_set', object: audit.tagObject(after), before: { photo: before.photo_key !== null }, after: { photo: true, image_bytes: image.bytes.length } });
    return after;
  });
  if (!row) {
    await deps.files.remove(key);
    throw notFound('tag');
  }
  if (before.photo_key) await deps.files.remove(before.photo_key);
  return presentTag(row);
}

/** The tag's photo as stored; its type follows from the key the store gave it. */
export async function tagPhoto(deps: BleDeps, s: Scope, id: number) {
  const row = await tag(deps.db, s, id);
  const bytes = row.photo_key ? await deps.files.get(row.photo_key) : undefined;
  if (!row.photo_key || !bytes) throw notFound('tag_photo');
  return { bytes, type: row.photo_key.endsWith('.png') ? 'image/png' : 'image/jpeg' };
}

export async function removeTagPhoto(deps: BleDeps, s: Scope, id: number): Promise<void> {
  const row = await tag(deps.db, s, id);
  if (!row.photo_key) return;
  await deps.db.transaction(async (trx) => {
    await repo.updateTag(trx, s, id, { photo_key: null });
    await recordChange(trx, { action: 'ble.tag.photo_remove', object: audit.tagObject(row), before: { photo: true }, after: { photo: false } });
  });
  await deps.files.remove(row.photo_key);
}

export async function deleteTag(deps: BleDeps, s: Scope, id: number): Promise<void> {
  const row = await repo.findTag(deps.db, s, id);
  if (!row) throw notFound('tag');
  await deps.db.transaction(async (trx) => {
    await repo.deleteTag(trx, s, id);
    await recordChange(trx, { action: 'ble.tag.delete', object: audit.tagObject(row), before: audit.tagAudit(row) });
  });
  if (row.photo_key) await deps.files.remove(row.photo_key);
}
