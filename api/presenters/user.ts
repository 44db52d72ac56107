import type { UserRow } from '../../db/repositories/users.ts';
import { z } from '../http/openapi.ts';
import { Timestamp } from '../http/schemas.ts';
import { ROLES } from '../../core/roles.ts';

export const UserView = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organization_id: z.number().int().nullable(),
    active: z.boolean(),
    email_verified: z.boolean(),
    locale: z.string(),
    last_login_at: Timestamp,
    created_at: Timestamp,
    must_change_password: z.boolean().describe('The password was generated and mailed; it must be changed first'),
    read_only: z.boolean().describe('Read-only mode: every change is refused, whatever the role'),
    invited: z.boolean().describe('Invited by link and has not set a password yet'),
  })
  .openapi('User');

/** The public face of a user row: never the password hash. */
export const presentUser = (u: UserRow): z.infer<typeof UserView> => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  organization_id: u.organization_id,
  active: u.active,
  email_verified: u.email_verified,
  locale: u.locale,
  last_login_at: u.last_login_at?.toISOString() ?? null,
  created_at: u.created_at.toISOString(),
  must_change_password: u.must_change_password,
  read_only: u.read_only,
  invited: u.password_hash === null,
});

export const LocationGrantView = z
  .object({ location_id: z.number().int(), access: z.enum(['read', 'write']).describe('read: look only; write: also change it') })
  .openapi('LocationGrant');

/** A member as their owner manages them: the user and the locations granted to them. */
export const MemberView = UserView.extend({
  grants: z.array(LocationGrantView).describe('ignored while the role sees every location (owner, admin)'),
}).openapi('Member');

export const presentMember = (u: UserRow, grants: ReadonlyArray<{ location_id: number; access: 'read' | 'write' }>): z.infer<typeof MemberView> => ({
  ...presentUser(u),
  grants: grants.map((g) => ({ location_id: g.location_id, access: g.access })),
});
