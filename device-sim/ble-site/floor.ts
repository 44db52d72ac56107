import sharp from 'sharp';
import type { TagScript } from './world.ts';

/** A point or a wall end in metres from the plan's top-left corner, y down. */
export type Metres = [x: number, y: number];

export interface SimRoom {
  name: string;
  /** Top-left corner and size, in metres. */
  at: Metres;
  size: Metres;
  fill: string;
}

export interface SimReceiver {
  x: number;
  y: number;
  rotation_deg: number;
}

export interface SimTag {
  minor: number;
  type: 'person' | 'asset' | 'vehicle';
  name: string;
}

export interface SimFloor {
  name: string;
  size: Metres;
  wallThickness: number;
  /** Wall centrelines, in metres; doors are the gaps between them. */
  walls: Array<[Metres, Metres]>;
  rooms: SimRoom[];
  receivers: SimReceiver[];
}

/**
 * The demo BLE site: a 40 × 30 m shop floor (sales hall, checkout, storeroom, office, staff room)
 * with receivers in every room and tags for people, assets and a vehicle. Room fills are the brief's
 * room colours, so the rendered plan also shows that light fills do not become walls.
 */
export const DEMO_FLOOR: SimFloor = {
  name: 'Ground floor',
  size: [40, 30],
  wallThickness: 0.2,
  walls: [
    // outer walls, with the entrance (x 18–22) in the south wall
    [[1, 1], [39, 1]],
    [[39, 1], [39, 29]],
    [[39, 29], [22, 29]],
    [[18, 29], [1, 29]],
    [[1, 29], [1, 1]],
    // storeroom / office / staff block along the north, doors 1.2 m wide
    [[1, 10], [8, 10]],
    [[9.2, 10], [18, 10]],
    [[18, 1], [18, 10]],
    [[10, 1], [10, 4]],
    [[10, 5.2], [10, 10]],
    [[28, 1], [28, 8.8]],
    [[28, 10], [39, 10]],
    // checkout counter wall by the entrance
    [[26, 22], [34, 22]],
    [[26, 22], [26, 26]],
  ],
  rooms: [
    { name: 'Sales hall', at: [1, 10], size: [38, 19], fill: '#F5EFE0' },
    { name: 'Storeroom', at: [1, 1], size: [9, 9], fill: '#FFE8D6' },
    { name: 'Office', at: [10, 1], size: [8, 9], fill: '#E0F7FA' },
    { name: 'Staff room', at: [28, 1], size: [11, 9], fill: '#E0F7FA' },
  ],
  receivers: [
    { x: 5, y: 5, rotation_deg: 0 },
    { x: 14, y: 5, rotation_deg: 90 },
    { x: 33, y: 5, rotation_deg: 0 },
    { x: 10, y: 20, rotation_deg: 0 },
    { x: 30, y: 16, rotation_deg: 180 },
    { x: 30, y: 25, rotation_deg: 270 },
  ],
};

export const DEMO_TAGS: SimTag[] = [
  { minor: 1, type: 'person', name: 'Марья Ивановна' },
  { minor: 2, type: 'person', name: 'Пётр Сергеевич' },
  { minor: 3, type: 'person', name: 'Анна Кузнецова' },
  { minor: 4, type: 'asset', name: 'Тележка №1' },
  { minor: 5, type: 'asset', name: 'Велосипед №5' },
  { minor: 6, type: 'vehicle', name: 'Погрузчик ПГ-12' },
];

/**
 * What the demo tags do, looped: people walk between the hall, the storeroom, the office and the staff
 * room through the doors, the trolley is parked and moved now and then, the bicycle stands still, the
 * forklift circles the hall.
 */
export const DEMO_SCRIPTS: TagScript[] = [
  {
    minor: 1,
    loop: true,
    legs: [
      { stay: [10, 20], seconds: 120 },
      { walk: [[8.6, 11], [8.6, 9]] },
      { stay: [5, 6], seconds: 90 },
      { walk: [[9, 4.6], [11, 4.6]] },
      { stay: [14, 6], seconds: 120 },
      { walk: [[11, 4.6], [9, 4.6], [8.6, 9], [8.6, 11]] },
      { stay: [20, 18], seconds: 60 },
    ],
  },
  {
    minor: 2,
    loop: true,
    legs: [
      { stay: [30, 16], seconds: 100 },
      { walk: [[23, 9], [27, 9.4], [29, 9.4]] },
      { stay: [33, 5], seconds: 150 },
      { walk: [[29, 9.4], [27, 9.4], [23, 12]] },
      { stay: [30, 25], seconds: 90 },
    ],
  },
  { minor: 3, loop: true, legs: [{ stay: [20, 15], seconds: 60 }, { stay: [35, 15], seconds: 60 }, { stay: [12, 25], seconds: 60 }] },
  {
    minor: 4,
    loop: true,
    legs: [{ stay: [4, 4], seconds: 600 }, { walk: [[8.6, 9], [8.6, 11]] }, { stay: [15, 20], seconds: 300 }, { walk: [[8.6, 11], [8.6, 9]] }],
  },
  { minor: 5, legs: [{ stay: [36, 26], seconds: 60 }] },
  { minor: 6, loop: true, legs: [{ walk: [[5, 12], [36, 12], [36, 20], [5, 20], [5, 12]], speedMps: 2 }] },
];

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The floor as an SVG drawing at `pxPerMetre`: rooms, names, walls (what an architect's export looks like). */
export function floorSvg(floor: SimFloor, pxPerMetre: number): string {
  const px = (m: number) => (m * pxPerMetre).toFixed(1);
  const rooms = floor.rooms.map(
    (r) =>
      `<rect x="${px(r.at[0])}" y="${px(r.at[1])}" width="${px(r.size[0])}" height="${px(r.size[1])}" fill="${r.fill}"/>` +
      `<text x="${px(r.at[0] + r.size[0] / 2)}" y="${px(r.at[1] + r.size[1] / 2)}" font-family="sans-serif" font-size="${px(0.6)}" text-anchor="middle" fill="#333">${escapeXml(r.name)}</text>`,
  );
  const walls = floor.walls.map(
    ([a, b]) => `<line x1="${px(a[0])}" y1="${px(a[1])}" x2="${px(b[0])}" y2="${px(b[1])}" stroke="#222" stroke-width="${px(floor.wallThickness)}" stroke-linecap="square"/>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(floor.size[0])}" height="${px(floor.size[1])}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${rooms.join('')}${walls.join('')}</svg>`
  );
}

/** The floor rendered to a PNG, as the simulator uploads it. */
export function renderFloorPng(floor: SimFloor, pxPerMetre: number): Promise<Buffer> {
  return sharp(Buffer.from(floorSvg(floor, pxPerMetre))).png().toBuffer();
}
