import sharp from 'sharp';
import t from 'tap';
import { issueToken } from '../../api/services/accounts/tokens.ts';
import { startTestPlatform, type ApiResult } from '../helpers/platform.ts';
import { makeDevice } from '../broker/fixtures.ts';
import { simulatedScanner, userToken } from '../tunnels/fixtures.ts';
import { auditRowsAfter, lastAuditId, type AuditDbRow } from './fixtures.ts';

// brief: "Логи всех действий … что нажимал": every route that changes something writes exactly one
// audit row naming what changed (before → after). The routes are walked from the OpenAPI document the
// ApiRouter builds from its RouteSpecs, so a new mutating route without a scenario here fails this test.

const p = await startTestPlatform(t);
const db = () => p.platform.pg.db;
const admin = await p.adminToken();

/** Not user actions, with why. Anything else that is not a GET must have a scenario. */
const EXEMPT: Record<string, string> = {
  'POST /auth/refresh': "rotates a session's token every few minutes; the session row keeps its rotations",
  'POST /auth/links/inspect': 'reads a mailed link without using it up',
};

let ip = 0;
// Account routes are rate-limited per client address: each request comes "through the proxy" from its own.
const fresh = () => ({ 'x-forwarded-for': `203.0.113.${(++ip % 250) + 1}` });
const call = (method: string, route: string, token?: string, body?: unknown) => p.api(method, route, { token, body, headers: fresh() });

async function upload(method: string, route: string, token: string, field: string, fields: Record<string, string> = {}): Promise<ApiResult> {
  const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#ffffff' } }).png().toBuffer();
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(field, new Blob([new Uint8Array(png)], { type: 'image/png' }), 'image.png');
  const res = await fetch(`${p.url}/api/v1${route}`, { method, headers: { authorization: `Bearer ${token}`, ...fresh() }, body: form });
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
}

// ——— fixtures every scenario shares
const ownerEmail = 'walk-owner@audit.example';
const created = await call('POST', '/superadmin/organizations', admin, {
  name: 'Walk Org',
  products: ['wifi', 'ble', 'temperature'],
  timezone: 'Europe/Moscow',
  owner: { email: ownerEmail, password: 'owner-password-1', name: 'Walker' },
});
const orgId: number = created.body.id;
await call('PATCH', `/superadmin/organizations/${orgId}`, admin, { status: 'active' });
let ownerPassword = 'owner-password-1';
let owner = await p.login(ownerEmail, ownerPassword);
const device = await makeDevice(p, { bound: false });
await call('PATCH', `/superadmin/devices/${device.row.id}`, admin, { organization_id: orgId });
const scanner = await simulatedScanner(t, p);
const scannerOwner = await userToken(p, 'owner', scanner.row.organization_id);

const state: Record<string, number | string> = {};
const id = (key: string) => state[key]!;

interface Scenario {
  /** What must be recorded. */
  action: string;
  /** A change whose row must carry what changed (before → after, or the created / deleted fields). */
  change?: boolean;
  /** Preparation whose own audit rows are not counted. */
  setup?: () => Promise<void>;
  run: () => Promise<ApiResult>;
}

// In order: later scenarios use what earlier ones made.
const SCENARIOS: Array<[route: string, Scenario]> = [
  ['POST /auth/login', { action: 'auth.login', run: () => call('POST', '/auth/login', undefined, { email: ownerEmail, password: ownerPassword }) }],
  ['PATCH /auth/me', { action: 'user.preferences', change: true, run: () => call('PATCH', '/auth/me', owner, { name: 'Walker Renamed' }) }],
  ['POST /audit/page-views', { action: 'page.open', run: () => call('POST', '/audit/page-views', owner, { path: '/ble', label: 'BLE' }) }],
  [
    'DELETE /auth/sessions/{id}',
    {
      action: 'session.end',
      setup: async () => {
        await p.login(ownerEmail, ownerPassword);
        const sessions = await call('GET', '/auth/sessions', owner);
        state.session = sessions.body.find((s: { current: boolean }) => !s.current).id;
      },
      run: () => call('DELETE', `/auth/sessions/${id('session')}`, owner),
    },
  ],
  [
    'POST /auth/change-password',
    {
      action: 'user.password_change',
      run: async () => {
        const res = await call('POST', '/auth/change-password', owner, { current_password: ownerPassword, new_password: 'owner-password-3' });
        ownerPassword = 'owner-password-3';
        return res;
      },
    },
  ],
  ['POST /auth/change-email', { action: 'account.email_change_requested', run: () => call('POST', '/auth/change-email', owner, { password: ownerPassword, new_email: 'walk-owner-2@audit.example' }) }],
  [
    'POST /auth/confirm-email',
    {
      action: 'user.email_change',
      change: true,
      setup: async () => {
        const user = await db()('users').where({ email: ownerEmail }).first();
        state.emailToken = await issueToken(db(), user.id, 'change_email', 3600, 'walk-owner-3@audit.example');
      },
      run: () => call('POST', '/auth/confirm-email', undefined, { token: id('emailToken') }),
    },
  ],
  ['POST /auth/signup', { action: 'organization.signup', change: true, run: () => call('POST', '/auth/signup', undefined, { email: 'signup@audit.example', password: 'signup-password-1', organization: 'Signed Up', phone: '+7 900' }) }],
  ['POST /auth/resend-verification', { action: 'account.verification_resent', run: () => call('POST', '/auth/resend-verification', undefined, { email: 'signup@audit.example' }) }],
  [
    'POST /auth/verify-email',
    {
      action: 'user.email_verify',
      change: true,
      setup: async () => {
        const user = await db()('users').where({ email: 'signup@audit.example' }).first();
        state.verifyToken = await issueToken(db(), user.id, 'verify_email', 3600);
      },
      run: () => call('POST', '/auth/verify-email', undefined, { token: id('verifyToken') }),
    },
  ],
  ['POST /auth/forgot-password', { action: 'account.password_reset_requested', run: () => call('POST', '/auth/forgot-password', undefined, { email: 'signup@audit.example' }) }],
  [
    'POST /auth/reset-password',
    {
      action: 'user.password_reset',
      setup: async () => {
        const user = await db()('users').where({ email: 'signup@audit.example' }).first();
        state.resetToken = await issueToken(db(), user.id, 'reset_password', 3600);
      },
      run: () => call('POST', '/auth/reset-password', undefined, { token: id('resetToken'), password: 'signup-password-2' }),
    },
  ],
  [
    'POST /client/users',
    {
      action: 'user.create',
      change: true,
      setup: async () => {
        owner = await p.login('walk-owner-3@audit.example', ownerPassword);
      },
      run: async () => {
        const res = await call('POST', '/client/users', owner, { email: 'walk-member@audit.example', role: 'manager', credentials: 'password', password: 'member-password-1' });
        state.member = res.body.id;
        return res;
      },
    },
  ],
  ['PATCH /client/users/{id}', { action: 'user.update', change: true, run: () => call('PATCH', `/client/users/${id('member')}`, owner, { role: 'viewer' }) }],
  [
    'POST /client/invitations/{id}/resend',
    {
      action: 'invitation.resend',
      setup: async () => {
        state.invitee = (await call('POST', '/client/users', owner, { email: 'walk-invitee@audit.example', role: 'viewer' })).body.id;
      },
      run: () => call('POST', `/client/invitations/${id('invitee')}/resend`, owner),
    },
  ],
  [
    'POST /auth/set-password',
    {
      action: 'user.password_set',
      setup: async () => {
        state.setToken = await issueToken(db(), Number(id('invitee')), 'set_password', 3600);
      },
      run: () => call('POST', '/auth/set-password', undefined, { token: id('setToken'), password: 'invitee-password-1' }),
    },
  ],
  [
    'DELETE /client/invitations/{id}',
    {
      action: 'invitation.revoke',
      change: true,
      setup: async () => {
        state.invitee2 = (await call('POST', '/client/users', owner, { email: 'walk-invitee-2@audit.example', role: 'viewer' })).body.id;
      },
      run: () => call('DELETE', `/client/invitations/${id('invitee2')}`, owner),
    },
  ],
  ['PATCH /client/devices/{id}', { action: 'device.update', change: true, run: () => call('PATCH', `/client/devices/${device.row.id}`, owner, { notes: 'by the door' }) }],
  ['PUT /client/devices/{id}/config', { action: 'device.config', change: true, run: () => call('PUT', `/client/devices/${device.row.id}/config`, owner, { overrides: {} }) }],
  ['PUT /client/wifi/thresholds', { action: 'wifi.thresholds', change: true, run: () => call('PUT', '/client/wifi/thresholds', owner, { rssi_floor_dbm: -80 }) }],
  ['POST /client/wifi/exports', { action: 'wifi.export.start', run: () => call('POST', '/client/wifi/exports', owner, { period: 'today' }) }],
  ['PUT /client/temperature/thresholds/{device_id}/{sensor}', { action: 'temperature.threshold.set', change: true, run: () => call('PUT', `/client/temperature/thresholds/${device.row.id}/fridge`, owner, { min_celsius: 2, max_celsius: 8 }) }],
  ['DELETE /client/temperature/thresholds/{device_id}/{sensor}', { action: 'temperature.threshold.remove', change: true, run: () => call('DELETE', `/client/temperature/thresholds/${device.row.id}/fridge`, owner) }],
  [
    'POST /client/ble/locations',
    {
      action: 'ble.location.create',
      change: true,
      run: async () => {
        const res = await call('POST', '/client/ble/locations', owner, { name: 'Магазин на Ленина', timezone: 'Europe/Moscow' });
        state.location = res.body.id;
        return res;
      },
    },
  ],
  ['PATCH /client/ble/locations/{id}', { action: 'ble.location.update', change: true, run: () => call('PATCH', `/client/ble/locations/${id('location')}`, owner, { name: 'Склад №3' }) }],
  [
    'POST /client/ble/locations/{id}/plans',
    {
      action: 'ble.plan.create',
      change: true,
      run: async () => {
        const res = await upload('POST', `/client/ble/locations/${id('location')}/plans`, owner, 'image', { name: 'Ground floor' });
        state.plan = res.body?.id;
        return res;
      },
    },
  ],
  ['PATCH /client/ble/plans/{id}', { action: 'ble.plan.update', change: true, run: () => call('PATCH', `/client/ble/plans/${id('plan')}`, owner, { name: 'First floor' }) }],
  [
    'POST /client/ble/plans/{id}/zones',
    {
      action: 'ble.zone.create',
      change: true,
      run: async () => {
        const res = await call('POST', `/client/ble/plans/${id('plan')}/zones`, owner, { name: 'Entrance', colour: '#FF9800', polygon: [[1, 1], [5, 1], [5, 5]] });
        state.zone = res.body.id;
        return res;
      },
    },
  ],
  ['PATCH /client/ble/zones/{id}', { action: 'ble.zone.update', change: true, run: () => call('PATCH', `/client/ble/zones/${id('zone')}`, owner, { name: 'Exit' }) }],
  ['DELETE /client/ble/zones/{id}', { action: 'ble.zone.delete', change: true, run: () => call('DELETE', `/client/ble/zones/${id('zone')}`, owner) }],
  ['PUT /client/ble/receivers/{device_id}', { action: 'ble.receiver.place', change: true, run: () => call('PUT', `/client/ble/receivers/${device.row.id}`, owner, { location_id: id('location'), plan_id: id('plan'), x: 2, y: 3 }) }],
  ['DELETE /client/ble/receivers/{device_id}', { action: 'ble.receiver.unassign', change: true, run: () => call('DELETE', `/client/ble/receivers/${device.row.id}`, owner) }],
  [
    'POST /client/ble/tags',
    {
      action: 'ble.tag.create',
      change: true,
      run: async () => {
        const res = await call('POST', '/client/ble/tags', owner, { uuid: 'f7826da6-4fa2-4e98-8024-bc5b71e0893e', major: 1, minor: 42, type: 'asset', name: 'Велосипед №5' });
        state.tag = res.body.id;
        return res;
      },
    },
  ],
  ['PATCH /client/ble/tags/{id}', { action: 'ble.tag.update', change: true, run: () => call('PATCH', `/client/ble/tags/${id('tag')}`, owner, { name: 'Велосипед №6' }) }],
  ['PUT /client/ble/tags/{id}/photo', { action: 'ble.tag.photo_set', change: true, run: () => upload('PUT', `/client/ble/tags/${id('tag')}/photo`, owner, 'photo') }],
  ['DELETE /client/ble/tags/{id}/photo', { action: 'ble.tag.photo_remove', change: true, run: () => call('DELETE', `/client/ble/tags/${id('tag')}/photo`, owner) }],
  ['DELETE /client/ble/tags/{id}', { action: 'ble.tag.delete', change: true, run: () => call('DELETE', `/client/ble/tags/${id('tag')}`, owner) }],
  ['PUT /client/ble/positioning', { action: 'ble.positioning.update', change: true, run: () => call('PUT', '/client/ble/positioning', owner, { path_loss_exponent: 2.8 }) }],
  [
    'POST /client/ble/exports',
    {
      action: 'ble.export.start',
      run: () => call('POST', '/client/ble/exports', owner, { kind: 'positions', plan_id: id('plan'), from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() }),
    },
  ],
  ['DELETE /client/ble/plans/{id}', { action: 'ble.plan.delete', change: true, run: () => call('DELETE', `/client/ble/plans/${id('plan')}`, owner) }],
  ['DELETE /client/ble/locations/{id}', { action: 'ble.location.delete', change: true, run: () => call('DELETE', `/client/ble/locations/${id('location')}`, owner) }],
  ['POST /client/devices/{id}/dashboard', { action: 'tunnel.dashboard_open', run: () => call('POST', `/client/devices/${scanner.row.id}/dashboard`, scannerOwner) }],
  ['POST /superadmin/devices/{id}/dashboard', { action: 'tunnel.dashboard_open', run: () => call('POST', `/superadmin/devices/${scanner.row.id}/dashboard`, admin) }],
  ['POST /superadmin/devices/{id}/terminal', { action: 'tunnel.terminal_open', run: () => call('POST', `/superadmin/devices/${scanner.row.id}/terminal`, admin, { ssh_user: 'root' }) }],
  ['DELETE /superadmin/devices/{id}/tunnel', { action: 'tunnel.close', run: () => call('DELETE', `/superadmin/devices/${scanner.row.id}/tunnel`, admin) }],
  ['POST /superadmin/devices/{id}/commands', { action: 'device.command', run: () => call('POST', `/superadmin/devices/${scanner.row.id}/commands`, admin, { name: 'ping' }) }],
  [
    'POST /superadmin/devices',
    {
      action: 'device.create',
      change: true,
      run: async () => {
        const res = await call('POST', '/superadmin/devices', admin, { mac: '0c:00:00:00:00:01', name: 'Walk', organization_id: orgId });
        state.device = res.body.device?.id;
        return res;
      },
    },
  ],
  ['PATCH /superadmin/devices/{id}', { action: 'device.update', change: true, run: () => call('PATCH', `/superadmin/devices/${id('device')}`, admin, { name: 'Walk 2' }) }],
  ['PUT /superadmin/devices/{id}/config', { action: 'device.config', change: true, run: () => call('PUT', `/superadmin/devices/${id('device')}/config`, admin, { overrides: {} }) }],
  ['POST /superadmin/devices/{id}/token', { action: 'device.token_rotate', run: () => call('POST', `/superadmin/devices/${id('device')}/token`, admin) }],
  ['DELETE /superadmin/devices/{id}', { action: 'device.delete', change: true, run: () => call('DELETE', `/superadmin/devices/${id('device')}`, admin) }],
  ['PATCH /superadmin/settings', { action: 'settings.auto_registration', change: true, run: () => call('PATCH', '/superadmin/settings', admin, { auto_registration: { enabled: true } }) }],
  [
    'POST /superadmin/outbox/{id}/resend',
    {
      action: 'mail.resend',
      setup: async () => {
        state.mail = (await call('GET', '/superadmin/outbox', admin)).body.items[0].id;
      },
      run: () => call('POST', `/superadmin/outbox/${id('mail')}/resend`, admin),
    },
  ],
  [
    'POST /superadmin/organizations',
    {
      action: 'organization.create',
      change: true,
      run: async () => {
        const res = await call('POST', '/superadmin/organizations', admin, { name: 'Throwaway', owner: { email: 'throwaway@audit.example', password: 'throwaway-password-1' } });
        state.org = res.body.id;
        return res;
      },
    },
  ],
  ['PATCH /superadmin/organizations/{id}', { action: 'organization.update', change: true, run: () => call('PATCH', `/superadmin/organizations/${id('org')}`, admin, { status: 'active', products: ['wifi'] }) }],
  [
    'POST /superadmin/organizations/{id}/users',
    {
      action: 'user.create',
      change: true,
      run: async () => {
        const res = await call('POST', `/superadmin/organizations/${id('org')}/users`, admin, { email: 'sa-member@audit.example', role: 'admin', credentials: 'password', password: 'member-password-1' });
        state.saMember = res.body.id;
        return res;
      },
    },
  ],
  ['PATCH /superadmin/organizations/{id}/users/{userId}', { action: 'user.update', change: true, run: () => call('PATCH', `/superadmin/organizations/${id('org')}/users/${id('saMember')}`, admin, { name: 'Support renamed' }) }],
  ['POST /superadmin/organizations/{id}/users/{userId}/password', { action: 'user.password_set', run: () => call('POST', `/superadmin/organizations/${id('org')}/users/${id('saMember')}/password`, admin, { password: 'member-password-9' }) }],
  ['DELETE /superadmin/organizations/{id}', { action: 'organization.delete', change: true, run: () => call('DELETE', `/superadmin/organizations/${id('org')}`, admin) }],
  [
    'POST /auth/logout-all',
    {
      action: 'auth.logout_all',
      setup: async () => {
        state.logoutAll = await p.login('walk-member@audit.example', 'member-password-1');
      },
      run: () => call('POST', '/auth/logout-all', String(id('logoutAll'))),
    },
  ],
  ['POST /auth/logout', { action: 'auth.logout', run: () => call('POST', '/auth/logout', owner) }],
];

const openapi = (await p.api('GET', '/openapi.json')).body as {
  paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
};
const mutating = Object.entries(openapi.paths).flatMap(([path, ops]) =>
  Object.entries(ops)
    // Devices authenticate with their token (the legacy bridge): ingest, not a user's action.
    .filter(([method, op]) => method !== 'get' && !op.security?.some((s) => 'device' in s) && !path.startsWith('/registration'))
    .map(([method]) => `${method.toUpperCase()} ${path}`),
);

t.test('every mutating route registered on the ApiRouter has an audit scenario here (or a stated exemption)', async (t) => {
  const covered = new Set([...SCENARIOS.map(([route]) => route), ...Object.keys(EXEMPT)]);
  t.same(mutating.filter((r) => !covered.has(r)), [], 'routes without audit coverage');
  t.same([...covered].filter((r) => !mutating.includes(r)), [], 'scenarios for routes that no longer exist');
  t.ok(mutating.length >= 60, `${mutating.length} mutating routes walked`);
});

const isFilled = (v: unknown) => typeof v === 'object' && v !== null && Object.keys(v).length > 0;

for (const [route, scenario] of SCENARIOS) {
  t.test(`${route} writes exactly one audit row: ${scenario.action}`, async (t) => {
    await scenario.setup?.();
    const from = await lastAuditId(db());
    const res = await scenario.run();
    t.ok(res.status >= 200 && res.status < 300, `succeeds (${res.status} ${JSON.stringify(res.body)?.slice(0, 200)})`);
    const rows: AuditDbRow[] = await auditRowsAfter(db(), from);
    t.equal(rows.length, 1, `one row (${rows.map((r) => r.action).join(', ')})`);
    t.equal(rows[0]?.action, scenario.action);
    t.ok(rows[0]?.user_email, 'names who acted');
    t.match(rows[0]?.ip, /^203\.0\.113\.\d+$/, 'with the client address');
    if (scenario.change) {
      const row = rows[0]!;
      if (row.kind === 'update') t.ok(isFilled(row.before) && isFilled(row.after), `before → after: ${JSON.stringify(row.before)} → ${JSON.stringify(row.after)}`);
      else t.ok(isFilled(row.kind === 'delete' ? row.before : row.after), `${row.kind} names the fields`);
    }
  });
}

t.test("a tag's rename reads as the brief's example in the log line", async (t) => {
  const res = await p.api('GET', `/superadmin/audit?lang=ru&object_type=tag&organization_id=${orgId}`, { token: admin });
  const line = res.body.entries.find((e: { action: string }) => e.action === 'ble.tag.update')?.line as string;
  t.match(line, /\| Изменение \| Метка #\d+ "Велосипед №6": "Велосипед №5" → "Велосипед №6" \| IP: 203\.0\.113\.\d+$/);
});
