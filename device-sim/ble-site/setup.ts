import { BLE_MODEL } from '../products/ble.ts';
import { call, describe, SimSetupError, type ApiAnswer } from '../platform-client.ts';
import { DEMO_FLOOR, DEMO_TAGS, renderFloorPng, type SimFloor, type SimTag } from './floor.ts';

/** What the simulator set up, by id, for a test or a person to look at. */
export interface BleSiteResult {
  locationId: number;
  planId: number;
  receivers: number[];
  zones: number;
  tags: number;
}

export interface BleSiteOptions {
  url: string;
  email: string;
  password: string;
  location?: string;
  floor?: SimFloor;
  tags?: SimTag[];
  /** The rendered plan's pixels per metre (the scale the simulator then sets, as a client would). */
  pxPerMetre?: number;
  /** Device ids placed on the floor's receiver spots, in order (default: the organization's devices as listed). */
  receiverIds?: number[];
}

// The zones' colours: the brief's room colours are fills of the rendered image, zones get the palette's.
const ZONE_COLOURS = ['#FF9800', '#1CB5D5', '#4CAF50', '#9C27B0'];

function expect(res: ApiAnswer, status: number, what: string): Record<string, unknown> {
  if (res.status !== status) throw new SimSetupError(`${what} failed: ${describe(res)}`, 'see the platform log');
  return res.body;
}

/**
 * Sets up a BLE Tracking site through the client API, like a newcomer would in the browser: a location,
 * the floor's plan image (rendered here) with its scale, the organization's receivers assigned and
 * placed, a zone per room, and the demo tags (beacons the simulator's BLE traffic advertises).
 */
export async function setUpBleSite(o: BleSiteOptions): Promise<BleSiteResult> {
  const floor = o.floor ?? DEMO_FLOOR;
  const pxPerMetre = o.pxPerMetre ?? 50;
  const login = await call(o.url, 'POST', '/auth/login', { body: { email: o.email, password: o.password } });
  if (login.status !== 200) throw new SimSetupError(`login as ${o.email} failed: ${describe(login)}`, 'pass the e-mail and password of an owner or admin of an organization with BLE Tracking');
  const token = String(login.body.access_token);
  const api = (method: string, route: string, body?: unknown) => call(o.url, method, route, { token, body });

  const devices = expect(await api('GET', '/client/devices?page_size=500'), 200, 'listing receivers').items as Array<{ id: number }>;
  const location = expect(await api('POST', '/client/ble/locations', { name: o.location ?? 'Демо-магазин', address: 'ул. Ленина, 1', timezone: 'Europe/Moscow' }), 201, 'creating the location');
  const locationId = Number(location.id);

  const form = new FormData();
  form.append('name', floor.name);
  form.append('image', new Blob([new Uint8Array(await renderFloorPng(floor, pxPerMetre))], { type: 'image/png' }), 'plan.png');
  const uploaded = await fetch(`${o.url}/api/v1/client/ble/locations/${locationId}/plans`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const plan = expect({ status: uploaded.status, body: (await uploaded.json()) as ApiAnswer['body'] }, 201, 'uploading the plan');
  const planId = Number(plan.id);
  expect(await api('PATCH', `/client/ble/plans/${planId}`, { metres_per_pixel: 1 / pxPerMetre }), 200, 'setting the scale');

  const ids = o.receiverIds ?? devices.map((d) => d.id);
  const placed = ids.slice(0, floor.receivers.length).map((id, i) => ({ device: id, at: floor.receivers[i]! }));
  for (const { device, at } of placed) {
    expect(await api('PUT', `/client/ble/receivers/${device}`, { location_id: locationId, plan_id: planId, ...at }), 200, `placing receiver ${device}`);
  }
  for (const [i, room] of floor.rooms.entries()) {
    const [x, y] = room.at;
    const [w, h] = room.size;
    const polygon = [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
    expect(await api('POST', `/client/ble/plans/${planId}/zones`, { name: room.name, colour: ZONE_COLOURS[i % ZONE_COLOURS.length], polygon }), 201, `creating zone ${room.name}`);
  }
  const tags = o.tags ?? DEMO_TAGS;
  for (const tag of tags) {
    // Simulated tags advertise the model's major and their script's minor (device-sim/products/ble.ts).
    const res = await api('POST', '/client/ble/tags', { uuid: BLE_MODEL.uuid, major: BLE_MODEL.major, minor: tag.minor, type: tag.type, name: tag.name });
    if (res.status !== 201 && res.body.error?.code !== 'tag_exists') expect(res, 201, `registering tag ${tag.name}`);
  }
  return { locationId, planId, receivers: placed.map((p) => p.device), zones: floor.rooms.length, tags: tags.length };
}
