import { polygonArea, polygonProblem } from '$core/products/ble-geometry.ts';
import type { Plan, PlanLabel, Point, Receiver, Zone } from './api.ts';

/** A zone as the editor holds it: saved ones have an id and number, drawn ones get theirs on save. */
export interface EditorZone {
  key: string;
  id: number | null;
  number: number | null;
  name: string;
  colour: string;
  polygon: Point[];
}

export type EditorReceiver = Pick<Receiver, 'device_id' | 'simple_id' | 'name' | 'online' | 'plan_id' | 'x' | 'y' | 'rotation_deg'>;

/** Everything the plan editor changes before an explicit save; plain data, so undo is a snapshot. */
export interface EditorState {
  metresPerPixel: number;
  walls: Point[][];
  labels: PlanLabel[];
  zones: EditorZone[];
  receivers: EditorReceiver[];
}

// brief: zones at 30 % opacity; the first colours are the brief's room colours' stronger kin and its highlight.
export const ZONE_PALETTE = ['#FF9800', '#1CB5D5', '#4CAF50', '#9C27B0', '#E91E63', '#795548', '#3F51B5', '#009688'] as const;

export const fromServer = (plan: Plan, zones: Zone[], receivers: Receiver[]): EditorState => ({
  metresPerPixel: plan.metres_per_pixel,
  walls: plan.walls.map((w) => w.map(([x, y]) => [x, y] as Point)),
  labels: plan.labels.map((l) => ({ ...l })),
  zones: zones.map((z) => ({ key: `z${z.id}`, id: z.id, number: z.number, name: z.name, colour: z.colour, polygon: z.polygon.map(([x, y]) => [x, y] as Point) })),
  receivers: receivers.map((r) => ({ device_id: r.device_id, simple_id: r.simple_id, name: r.name, online: r.online, plan_id: r.plan_id, x: r.x, y: r.y, rotation_deg: r.rotation_deg })),
});

/** The plan's size in metres at a scale. */
export const planSize = (plan: Pick<Plan, 'width_px' | 'height_px'>, metresPerPixel: number) => ({
  width: plan.width_px * metresPerPixel,
  height: plan.height_px * metresPerPixel,
});

/**
 * The state after a reference line of `measured` metres (at the current scale) was said to be `actual`
 * metres: walls and labels trace the image and stretch with it; zones and receivers keep their metres.
 */
export function rescale(state: EditorState, measured: number, actual: number): EditorState {
  const ratio = actual / measured;
  return {
    ...state,
    metresPerPixel: state.metresPerPixel * ratio,
    walls: state.walls.map((w) => w.map(([x, y]) => [x * ratio, y * ratio] as Point)),
    labels: state.labels.map((l) => ({ ...l, x: l.x * ratio, y: l.y * ratio })),
  };
}

export const lineLength = (points: Point[]) => points.slice(1).reduce((sum, p, i) => sum + Math.hypot(p[0] - points[i]![0], p[1] - points[i]![1]), 0);

export const zoneArea = (zone: Pick<EditorZone, 'polygon'>) => polygonArea(zone.polygon);

export const zoneProblem = (polygon: Point[], size: { width: number; height: number }) => polygonProblem(polygon, size);

/** Undo history of editor states (snapshots; the editor's data is small). */
export class History {
  #past: string[] = [];

  push(state: EditorState): void {
    this.#past.push(JSON.stringify(state));
    if (this.#past.length > 100) this.#past.shift();
  }

  pop(): EditorState | null {
    const last = this.#past.pop();
    return last ? (JSON.parse(last) as EditorState) : null;
  }

  get size(): number {
    return this.#past.length;
  }

  clear(): void {
    this.#past = [];
  }
}

/** What a save must send: zones to create, change and delete, receivers moved, and the plan itself. */
export function changes(saved: EditorState, current: EditorState) {
  const savedZones = new Map(saved.zones.map((z) => [z.id, z]));
  const currentIds = new Set(current.zones.map((z) => z.id));
  const savedReceivers = new Map(saved.receivers.map((r) => [r.device_id, r]));
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  // Only what changed is sent: the scale marks the plan's scale as set, walls mark the traced draft as
  // replaced (a scale set while walls are still being traced must not throw the tracer's result away).
  const plan = {
    ...(saved.metresPerPixel !== current.metresPerPixel ? { metres_per_pixel: current.metresPerPixel } : {}),
    ...(same(saved.walls, current.walls) ? {} : { walls: current.walls }),
    ...(same(saved.labels, current.labels) ? {} : { labels: current.labels }),
  };
  return {
    plan: Object.keys(plan).length ? plan : null,
    createZones: current.zones.filter((z) => z.id === null),
    updateZones: current.zones.filter((z) => z.id !== null && !same(savedZones.get(z.id), z)),
    deleteZones: saved.zones.filter((z) => !currentIds.has(z.id)).map((z) => z.id!),
    receivers: current.receivers.filter((r) => !same(savedReceivers.get(r.device_id), r)),
  };
}
