import { error } from '@sveltejs/kit';

/**
 * The numeric id of a detail route (`/devices/5`). Anything else (`/devices/abc`) is a page that does not
 * exist: a 404 page, not a form-style "id: Invalid input" error.
 */
export function routeId(raw: string | undefined): number {
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw)) error(404, 'Not found');
  return Number(raw);
}
