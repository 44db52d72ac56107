import { AppError, notFound } from './errors.ts';
import type { Role } from './roles.ts';

/**
 * Who may do what, decided in one place: role (the brief's matrix) ∩ per-location grant ∩ the user's
 * read-only flag. Routes name an action and whether they read or write (api/http/router.ts); services
 * check location-bound objects with `requireLocation` and filter lists by `visibleLocations`.
 */

/** Actions of the brief's permission matrix; every client route names exactly one. */
export const ACTIONS = ['view_analytics', 'export_data', 'configure_devices', 'manage_tags', 'manage_users', 'edit_plans', 'view_audit'] as const;
export type Action = (typeof ACTIONS)[number];

/** What a request does to its objects: looks at them or changes them. */
export type Access = 'read' | 'write';

/** A member's grants: every location (owner, admin), or location id → read or write. */
export type LocationGrants = 'all' | ReadonlyMap<number, Access>;

// brief: permission matrix (Owner | Admin | Manager | Operator | Viewer)
const MATRIX: Record<Action, readonly Role[]> = {
  view_analytics: ['owner', 'admin', 'manager', 'operator', 'viewer'],
  // brief: Manager may export, Operator and Viewer may not.
  export_data: ['owner', 'admin', 'manager'],
  configure_devices: ['owner', 'admin', 'operator'],
  manage_tags: ['owner', 'admin', 'operator'],
  manage_users: ['owner'],
  edit_plans: ['owner', 'admin', 'operator'],
  // brief: "Владелец и Админ видят все логи своей организации" (beside the matrix).
  view_audit: ['owner', 'admin'],
};

// brief: "охранник видит только 'Магазин на Ленина', но не видит 'Склад №3'": the other roles see what is granted.
const ALL_LOCATIONS: readonly Role[] = ['superadmin', 'owner', 'admin'];

/** Whether a role sees every location of its organization without grants. */
export const seesAllLocations = (role: Role): boolean => ALL_LOCATIONS.includes(role);

/** Whether a role may perform an action inside its own organization (the superadmin may do everything). */
export function roleAllows(role: Role, action: Action): boolean {
  return role === 'superadmin' || MATRIX[action].includes(role);
}

/** What the policy needs to know of a caller. */
export interface Permissions {
  role: Role;
  readOnly: boolean;
  grants: LocationGrants;
}

/** Why an action is refused (403), or undefined when role and read-only flag allow it. */
export function actionRefusal(p: Permissions, action: Action, access: Access): AppError | undefined {
  if (!roleAllows(p.role, action)) return new AppError(403, 'forbidden', `Your role (${p.role}) may not ${action.replace(/_/g, ' ')}`, { action });
  // brief: read-only mode, whatever the role.
  if (access === 'write' && p.readOnly) return new AppError(403, 'read_only_user', 'Your account is read-only: you can look but not change anything', { action });
  return undefined;
}

/** A request's view of its organization's locations: the tenant, the caller's grants, and what the request does. */
export interface LocationScope {
  organizationId: number;
  grants: LocationGrants;
  access: Access;
}

/** Effective access to one location (grant ∩ read-only flag); undefined when the location is not granted. */
export function locationAccess(p: Pick<Permissions, 'grants' | 'readOnly'>, locationId: number): Access | undefined {
  const granted = p.grants === 'all' ? 'write' : p.grants.get(locationId);
  return granted && p.readOnly ? 'read' : granted;
}

/** The location ids a caller may see, or 'all'. Lists filter by it (db/repositories/location-scope.ts). */
export function visibleLocations(scope: Pick<LocationScope, 'grants'>): 'all' | number[] {
  return scope.grants === 'all' ? 'all' : [...scope.grants.keys()];
}

/**
 * The one check for anything bound to a location. A location not granted answers exactly like a missing
 * one (404 `<what>_not_found`), so its existence is not revealed; a write under a read grant is 403.
 */
export function requireLocation(scope: LocationScope, locationId: number, what = 'location'): void {
  const granted = scope.grants === 'all' ? 'write' : scope.grants.get(locationId);
  if (!granted) throw notFound(what);
  if (scope.access === 'write' && granted !== 'write') {
    throw new AppError(403, 'location_read_only', 'You may only look at this location, not change it', { location_id: locationId });
  }
}

/** What the caller may do, for the UI to hide what the server would refuse (GET /auth/me). */
export function effectivePermissions(p: Permissions) {
  const actions = Object.fromEntries(
    ACTIONS.map((a) => [a, { read: !actionRefusal(p, a, 'read'), write: !actionRefusal(p, a, 'write') }]),
  ) as Record<Action, { read: boolean; write: boolean }>;
  const locations =
    p.grants === 'all' ? ('all' as const) : [...p.grants.keys()].map((id) => ({ location_id: id, access: locationAccess(p, id)! }));
  return { read_only: p.readOnly, actions, locations };
}
