import type { Test } from 'tap';
import type { OrganizationRole } from '../../core/roles.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

export const MEMBER_ROLES = ['admin', 'manager', 'operator', 'viewer'] as const;

export interface Member {
  id: number;
  email: string;
  password: string;
  token: string;
}

/** A platform with one active organization (every product) and its owner, plus helpers to add what a test needs. */
export async function startPermissionsPlatform(t: Test) {
  const p: TestPlatform = await startTestPlatform(t);
  const admin = await p.adminToken();
  const ownerEmail = 'owner@perm.example';
  const org = (await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name: 'Perm', status: 'active', products: ['wifi', 'ble', 'temperature'], timezone: 'Europe/Moscow', owner: { email: ownerEmail, password: 'owner-password-1' } },
  })).body as { id: number };
  const ownerToken = await p.login(ownerEmail, 'owner-password-1');
  const owner: Member = { id: (await p.api('GET', '/auth/me', { token: ownerToken })).body.user.id, email: ownerEmail, password: 'owner-password-1', token: ownerToken };

  const ok = (res: { status: number; body: unknown }, status: number, what: string) => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures read JSON
  };

  let members = 0;
  return {
    p,
    admin,
    org,
    owner,
    ok,
    /** A member with a role (and, optionally, grants and the read-only flag), signed in. */
    async member(role: Exclude<OrganizationRole, 'owner'>, opts: { grants?: Array<{ location_id: number; access: 'read' | 'write' }>; readOnly?: boolean } = {}): Promise<Member> {
      const email = `${role}-${++members}@perm.example`;
      const password = `${role}-password-${members}`;
      const user = ok(await p.api('POST', '/client/users', { token: owner.token, body: { email, role, credentials: 'password', password } }), 201, `add ${role}`);
      if (opts.grants || opts.readOnly) {
        ok(await p.api('PATCH', `/client/users/${user.id}`, { token: owner.token, body: { grants: opts.grants, read_only: opts.readOnly } }), 200, 'grant');
      }
      return { id: user.id, email, password, token: await p.login(email, password) };
    },
    async location(name: string): Promise<{ id: number; name: string }> {
      return ok(await p.api('POST', '/client/ble/locations', { token: owner.token, body: { name, timezone: 'Europe/Moscow' } }), 201, 'location');
    },
    /** A receiver of the organization, assigned to a location when given. */
    async receiver(mac: string, locationId?: number): Promise<{ id: number; mac: string; simple_id: number }> {
      const device = ok(await p.api('POST', '/superadmin/devices', { token: admin, body: { mac, organization_id: org.id } }), 201, 'device').device;
      if (locationId !== undefined) ok(await p.api('PUT', `/client/ble/receivers/${device.id}`, { token: owner.token, body: { location_id: locationId } }), 200, 'assign');
      return device;
    },
  };
}
