import type * as repo from './repository.ts';

/** How the audit log names BLE objects and which of their fields it compares (big geometry as counts). */
export const locationObject = (l: repo.LocationRow) => ({ type: 'location', id: l.id, label: l.name });
export const locationAudit = (l: repo.LocationRow) => ({ name: l.name, address: l.address, timezone: l.timezone });

export const planObject = (p: repo.PlanRow) => ({ type: 'plan', id: p.id, label: p.name });
export const planAudit = (p: repo.PlanRow) => ({
  name: p.name,
  location_id: p.location_id,
  metres_per_pixel: p.metres_per_pixel,
  walls: p.walls.length,
  labels: p.labels.length,
});

export const zoneObject = (z: repo.ZoneRow) => ({ type: 'zone', id: z.id, label: `${z.number} ${z.name}`.trim() });
export const zoneAudit = (z: repo.ZoneRow) => ({ plan_id: z.plan_id, name: z.name, colour: z.colour, polygon: z.polygon });

export const receiverObject = (d: { simple_id: number; name: string; mac: string }) => ({ type: 'receiver', id: d.simple_id, label: d.name || d.mac });
export const receiverAudit = (r: repo.ReceiverRow) => ({
  location_id: r.location_id,
  plan_id: r.plan_id,
  x: r.x,
  y: r.y,
  rotation_deg: r.rotation_deg,
  height_m: r.height_m,
});

export const tagObject = (t: repo.TagRow) => ({ type: 'tag', id: t.id, label: t.name });
export const tagAudit = (t: repo.TagRow) => ({
  uuid: t.uuid,
  major: t.major,
  minor: t.minor,
  type: t.type,
  name: t.name,
  description: t.description,
  photo: t.photo_key !== null,
});
