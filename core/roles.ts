/** User roles. `superadmin` runs the platform and has no organization; the rest belong to one. */
export const ROLES = ['superadmin', 'owner', 'admin', 'manager', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANIZATION_ROLES = ['owner', 'admin', 'manager', 'operator', 'viewer'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];
