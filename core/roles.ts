/** User roles. `superadmin` runs the platform and has no organization; the rest belong to one. */
export const ROLES = ['superadmin', 'owner', 'admin', 'manager', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANIZATION_ROLES = ['owner', 'admin', 'manager', 'operator', 'viewer'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

/** Actions of the brief's permission matrix. */
export type Action = 'view_analytics' | 'export_data' | 'configure_devices' | 'manage_tags' | 'manage_users' | 'edit_plans';

// brief: permission matrix (Owner | Admin | Manager | Operator | Viewer)
const MATRIX: Record<Action, readonly OrganizationRole[]> = {
  view_analytics: ['owner', 'admin', 'manager', 'operator', 'viewer'],
  export_data: ['owner', 'admin', 'manager'],
  configure_devices: ['owner', 'admin', 'operator'],
  manage_tags: ['owner', 'admin', 'operator'],
  manage_users: ['owner'],
  edit_plans: ['owner', 'admin', 'operator'],
};

/** Whether a role may perform an action inside its own organization (superadmin may do everything). */
export function can(role: Role, action: Action): boolean {
  return role === 'superadmin' || MATRIX[action].includes(role);
}
