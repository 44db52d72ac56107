import type { Access, Action } from '$core/policy.ts';
import { session } from './session.svelte.ts';

/**
 * Whether the server would let the signed-in user do an action (look, or change), at a location when
 * one is given. The server decides (core/policy.ts, sent by GET /auth/me); the UI only hides what it
 * would refuse.
 */
export function allowed(action: Action, access: Access = 'read', locationId?: number): boolean {
  const p = session.permissions;
  if (!p?.actions[action][access]) return false;
  if (locationId === undefined || p.locations === 'all') return true;
  const grant = p.locations.find((l) => l.location_id === locationId);
  return grant !== undefined && (access === 'read' || grant.access === 'write');
}

/** Whether the user sees every location (owner, admin): only they add locations. */
export const seesAllLocations = (): boolean => session.permissions?.locations === 'all';
