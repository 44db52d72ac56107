import type { OrganizationRole } from '$core/roles.ts';
import { request } from './http.ts';
import type { NewMember, Organization, OrganizationInput, Page, PageQuery, User } from './types.ts';

/** Superadmin: organizations and their members. */

export interface OrganizationFilter extends PageQuery {
  status?: Organization['status'];
  q?: string;
}

/** GET /superadmin/organizations */
export const listOrganizations = (filter: OrganizationFilter) =>
  request<Page<Organization>>('GET', '/superadmin/organizations', { query: { ...filter } });

/** POST /superadmin/organizations (with an optional owner account) */
export const createOrganization = (input: OrganizationInput & { owner?: Omit<NewMember, 'role'> }) =>
  request<Organization>('POST', '/superadmin/organizations', { body: input });

/** GET /superadmin/organizations/:id */
export const getOrganization = (id: number) => request<Organization>('GET', `/superadmin/organizations/${id}`);

/** PATCH /superadmin/organizations/:id */
export const updateOrganization = (id: number, patch: Partial<OrganizationInput>) =>
  request<Organization>('PATCH', `/superadmin/organizations/${id}`, { body: patch });

/** DELETE /superadmin/organizations/:id */
export const deleteOrganization = (id: number) => request<void>('DELETE', `/superadmin/organizations/${id}`);

/** GET /superadmin/organizations/:id/users */
export const listOrganizationUsers = (id: number) => request<User[]>('GET', `/superadmin/organizations/${id}/users`);

/** POST /superadmin/organizations/:id/users */
export const addOrganizationUser = (id: number, member: NewMember) =>
  request<User>('POST', `/superadmin/organizations/${id}/users`, { body: member });

/** PATCH /superadmin/organizations/:id/users/:userId — role (owner included), name, active flag */
export const updateOrganizationUser = (id: number, userId: number, patch: { role?: OrganizationRole; active?: boolean; name?: string }) =>
  request<User>('PATCH', `/superadmin/organizations/${id}/users/${userId}`, { body: patch });

/** POST /superadmin/organizations/:id/users/:userId/password — support sets a new password; the user's sessions end */
export const setOrganizationUserPassword = (id: number, userId: number, password: string) =>
  request<void>('POST', `/superadmin/organizations/${id}/users/${userId}/password`, { body: { password } });
