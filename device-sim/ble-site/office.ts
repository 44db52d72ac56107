import type { SimFloor, SimTag } from './floor.ts';
import type { Leg } from './world.ts';

/**
 * A small office for the positioning accuracy tests: four rooms of 30 m² (5 × 6 m) along a 2.5 m
 * corridor, a 1 m door from each room to the corridor, one receiver per room and two in the corridor.
 * Every room and the corridor is a zone.
 */
export const OFFICE_FLOOR: SimFloor = {
  name: 'Office',
  size: [21, 10],
  wallThickness: 0.15,
  walls: [
    // outer walls
    [[0.5, 0.5], [20.5, 0.5]],
    [[20.5, 0.5], [20.5, 9]],
    [[20.5, 9], [0.5, 9]],
    [[0.5, 9], [0.5, 0.5]],
    // walls between rooms
    [[5.5, 0.5], [5.5, 6.5]],
    [[10.5, 0.5], [10.5, 6.5]],
    [[15.5, 0.5], [15.5, 6.5]],
    // the rooms' corridor walls, a door (x + 2 … x + 3) into each room
    [[0.5, 6.5], [2.5, 6.5]],
    [[3.5, 6.5], [7.5, 6.5]],
    [[8.5, 6.5], [12.5, 6.5]],
    [[13.5, 6.5], [17.5, 6.5]],
    [[18.5, 6.5], [20.5, 6.5]],
  ],
  rooms: [
    { name: 'Room 1', at: [0.5, 0.5], size: [5, 6], fill: '#FFE8D6' },
    { name: 'Room 2', at: [5.5, 0.5], size: [5, 6], fill: '#E0F7FA' },
    { name: 'Room 3', at: [10.5, 0.5], size: [5, 6], fill: '#FFE8D6' },
    { name: 'Room 4', at: [15.5, 0.5], size: [5, 6], fill: '#E0F7FA' },
    { name: 'Corridor', at: [0.5, 6.5], size: [20, 2.5], fill: '#F5EFE0' },
  ],
  receivers: [
    { x: 3, y: 3.5, rotation_deg: 0 },
    { x: 8, y: 3.5, rotation_deg: 0 },
    { x: 13, y: 3.5, rotation_deg: 0 },
    { x: 18, y: 3.5, rotation_deg: 0 },
    { x: 5.5, y: 7.75, rotation_deg: 0 },
    { x: 15.5, y: 7.75, rotation_deg: 0 },
  ],
};

/** The middle of room k (0-based) and its door, on the room's and on the corridor's side. */
export const officeRoom = (k: number) => ({
  middle: [3 + 5 * k, 3.5] as [number, number],
  inDoor: [3 + 5 * k, 5.8] as [number, number],
  outDoor: [3 + 5 * k, 7.75] as [number, number],
});

/** Walking from the middle of room `from` to the middle of room `to` through the doors and the corridor. */
export const officeWalk = (from: number, to: number): Leg => ({
  walk: [officeRoom(from).middle, officeRoom(from).inDoor, officeRoom(from).outDoor, officeRoom(to).outDoor, officeRoom(to).inDoor, officeRoom(to).middle],
});

export const OFFICE_TAGS: SimTag[] = [1, 2, 3, 4, 5, 6].map((minor) => ({ minor, type: 'person', name: `Person ${minor}` }));
