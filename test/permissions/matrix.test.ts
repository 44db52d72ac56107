import t from 'tap';
import { createOpenApiRegistry } from '../../api/http/openapi.ts';
import { ApiRouter, routeAccess, type RegisteredRoute } from '../../api/http/router.ts';
import { registerRoutes } from '../../api/routes/index.ts';
import { ACTIONS, roleAllows, type Action } from '../../core/policy.ts';
import { ORGANIZATION_ROLES, type OrganizationRole } from '../../core/roles.ts';
import { eventually } from '../ingest/fixtures.ts';
import { startPermissionsPlatform, type Member } from './fixtures.ts';

// brief: "Матрица прав" — enforced by the server on every route, tested cell by cell through the HTTP API.
const f = await startPermissionsPlatform(t);
const { p } = f;
const shop = await f.location('Магазин на Ленина');
const rx = await f.receiver('0a:13:00:00:00:01', shop.id);
// Every limited role gets a write grant on the location, so that only the role decides each cell.
const grants = [{ location_id: shop.id, access: 'write' as const }];
const users: Record<OrganizationRole, Member> = {
  owner: f.owner,
  admin: await f.member('admin'),
  manager: await f.member('manager', { grants }),
  operator: await f.member('operator', { grants }),
  viewer: await f.member('viewer', { grants }),
};
const someone = await f.member('viewer');

/** The registered routes, as the app registers them (same modules, same order). */
function registeredRoutes(): RegisteredRoute[] {
  const router = new ApiRouter(createOpenApiRegistry(), async () => undefined, async () => undefined);
  registerRoutes(router, p.platform.api);
  return router.routes;
}
const routes = registeredRoutes();
const clientRoutes = routes.filter((r) => typeof r.guard === 'object');
const concrete = (path: string) => path.replace(/:\w+/g, '999999');

// A route added without a decision about who may call it fails here, not in production.
t.test('every route names who may call it; every client route names an action of the matrix', async (t) => {
  t.ok(routes.length > 60, `${routes.length} routes walked`);
  for (const r of routes) {
    const where = `${r.method.toUpperCase()} ${r.path}`;
    if (r.path.startsWith('/client/')) {
      t.ok(typeof r.guard === 'object' && ACTIONS.includes(r.guard.client), `${where} names an action`);
    } else if (r.path.startsWith('/superadmin/') || r.path.startsWith('/monitoring/')) {
      t.equal(r.guard, 'superadmin', `${where} is the superadmin's`);
    } else {
      // A signed-in user's own account (/auth) and own navigation, which the audit log records (/audit/page-views).
      const own = r.path.startsWith('/auth/') || r.path === '/audit/page-views';
      t.ok(r.guard === 'public' || (r.guard === 'user' && own), `${where}: public, or the caller's own account or navigation`);
    }
  }
  const publicRoutes = routes.filter((r) => r.guard === 'public').map((r) => `${r.method} ${r.path}`);
  t.same(publicRoutes.sort(), [
    'post /auth/confirm-email',
    'post /auth/forgot-password',
    'post /auth/links/inspect',
    'post /auth/login',
    'post /auth/refresh',
    'post /auth/resend-verification',
    'post /auth/reset-password',
    'post /auth/set-password',
    'post /auth/signup',
    'post /auth/verify-email',
  ], 'a new public route is a conscious decision');
  for (const action of ACTIONS) t.ok(clientRoutes.some((r) => typeof r.guard === 'object' && r.guard.client === action), `some route needs ${action}`);
});

t.test('on every client route, each role is refused exactly where the matrix says so', async (t) => {
  for (const r of clientRoutes) {
    const action = (r.guard as { client: Action }).client;
    for (const role of ORGANIZATION_ROLES) {
      const res = await p.api(r.method.toUpperCase(), concrete(r.path), { token: users[role].token, body: r.method === 'get' ? undefined : {} });
      const where = `${role} ${r.method.toUpperCase()} ${r.path}`;
      if (roleAllows(role, action)) t.not(res.body?.error?.code, 'forbidden', `${where}: allowed (${res.status})`);
      else t.same([res.status, res.body.error.code], [403, 'forbidden'], `${where}: refused`);
    }
  }
});

t.test('a read-only user is refused every write, whatever the role', async (t) => {
  // The owner may not make themself read-only, so the check runs on an admin (full rights otherwise).
  const readOnly = await f.member('admin', { readOnly: true });
  const writes = clientRoutes.filter((r) => routeAccess(r.method, r.guard) === 'write');
  t.ok(writes.length > 20);
  for (const r of writes) {
    if ((r.guard as { client: Action }).client === 'manage_users') continue; // the owner's alone: refused by role first
    const res = await p.api(r.method.toUpperCase(), concrete(r.path), { token: readOnly.token, body: {} });
    t.same([res.status, res.body.error.code], [403, 'read_only_user'], `${r.method.toUpperCase()} ${r.path}`);
  }
  t.equal((await p.api('GET', `/client/ble/locations/${shop.id}`, { token: readOnly.token })).status, 200, 'looking is fine');
  const exported = await p.api('POST', '/client/wifi/exports', { token: readOnly.token, body: { period: 'today' } });
  t.equal(exported.status, 202, 'an export changes nothing, so a read-only user may take one');
  await eventually(async () => (await p.api('GET', `/client/wifi/exports/${exported.body.id}`, { token: readOnly.token })).body.status === 'done');
});

/** One representative request per action, and the status it answers when allowed. */
let tagMinor = 0;
const REPRESENTATIVE: Record<Action, (token: string) => Promise<{ status: number; body: any }>> = { // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads JSON
  view_analytics: (token) => p.api('GET', `/client/ble/locations/${shop.id}`, { token }),
  export_data: async (token) => {
    const res = await p.api('POST', '/client/wifi/exports', { token, body: { period: 'today' } });
    // Let it finish: the organization may have only so many exports running.
    if (res.status === 202) await eventually(async () => (await p.api('GET', `/client/wifi/exports/${res.body.id}`, { token })).body.status === 'done');
    return res;
  },
  configure_devices: (token) => p.api('PATCH', `/client/devices/${rx.id}`, { token, body: { notes: 'by the door' } }),
  manage_tags: (token) => p.api('POST', '/client/ble/tags', { token, body: { uuid: 'f7826da64fa24e988024bc5b71e0893e', major: 1, minor: ++tagMinor, type: 'asset', name: `Велосипед №${tagMinor}` } }),
  manage_users: (token) => p.api('PATCH', `/client/users/${someone.id}`, { token, body: { name: 'Охранник' } }),
  edit_plans: (token) => p.api('PATCH', `/client/ble/locations/${shop.id}`, { token, body: { address: 'ул. Ленина, 1' } }),
  view_audit: (token) => p.api('GET', '/client/audit', { token }),
};
const SUCCESS: Record<Action, number> = { view_analytics: 200, export_data: 202, configure_devices: 200, manage_tags: 201, manage_users: 200, edit_plans: 200, view_audit: 200 };
const WORDS: Record<Action, string> = {
  view_analytics: 'view analytics',
  export_data: 'export data',
  configure_devices: 'change device settings',
  manage_tags: 'manage tags',
  manage_users: 'manage users',
  edit_plans: 'change plans',
  view_audit: 'view the audit log',
};

for (const action of ACTIONS) {
  for (const role of ORGANIZATION_ROLES) {
    const allowed = roleAllows(role, action);
    t.test(`${role} ${allowed ? 'may' : 'may not'} ${WORDS[action]}`, async (t) => {
      const res = await REPRESENTATIVE[action](users[role].token);
      if (allowed) t.equal(res.status, SUCCESS[action], JSON.stringify(res.body));
      else t.same([res.status, res.body.error.code], [403, 'forbidden']);
    });
  }
}

t.test('the matrix is the brief’s, cell by cell', async (t) => {
  // brief: Owner | Admin | Manager | Operator | Viewer
  const brief: Record<Action, string> = {
    view_analytics: '✓✓✓✓✓',
    export_data: '✓✓✓✗✗',
    configure_devices: '✓✓✗✓✗',
    manage_tags: '✓✓✗✓✗',
    manage_users: '✓✗✗✗✗',
    edit_plans: '✓✓✗✓✗',
    // brief, on logs: the owner and the admin see their organization's log.
    view_audit: '✓✓✗✗✗',
  };
  for (const action of ACTIONS) t.equal(ORGANIZATION_ROLES.map((r) => (roleAllows(r, action) ? '✓' : '✗')).join(''), brief[action], action);
});

t.test('/auth/me tells the UI what the server allows', async (t) => {
  const me = await p.api('GET', '/auth/me', { token: users.operator.token });
  t.match(me.body.permissions, {
    read_only: false,
    actions: { export_data: { read: false, write: false }, edit_plans: { read: true, write: true }, view_analytics: { read: true, write: true } },
    locations: [{ location_id: shop.id, access: 'write' }],
  });
  t.equal((await p.api('GET', '/auth/me', { token: users.admin.token })).body.permissions.locations, 'all');
});
