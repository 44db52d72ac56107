import { once } from 'node:events';
import WebSocket from 'ws';
import t from 'tap';
import { StreamOpenError } from '../../core/tunnel/mux.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { makeDevice } from '../broker/fixtures.ts';
import { refusedUpgrade, simulatedScanner, TerminalClient, userToken, waitFor, type SimulatedScanner } from './fixtures.ts';

const p = await startTestPlatform(t, { TERMINAL_GRACE_SECONDS: '2', TERMINAL_MAX_PER_USER: '2', TERMINAL_MAX_PER_DEVICE: '3' });
const db = p.platform.pg.db;
const hub = p.platform.api.remoteAccess.hub;

t.test('a superadmin opens SSH: the device dials its tunnel, a real SSH login follows, `echo hello` answers hello', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const term = await TerminalClient.open(t, p, scanner.row.id, await p.adminToken());
  t.equal(term.reattached, false);
  await term.login();
  await term.run('echo hello', /\r\nhello\r\n/);
  t.same(
    term.controls.filter((c) => c.type === 'progress').map((c) => c.step),
    ['command_sent', 'acknowledged', 'tunnel_up', 'ssh_connected'],
  );
  const row = await db('tunnel_sessions').where({ id: term.sessionId }).first();
  t.match(row, { kind: 'terminal', device_mac: scanner.mac, ssh_user: 'root', user_email: 'root@test.local', ended_at: null });
  t.match(row.host_key_sha256, /^[A-Za-z0-9+/]{43}$/);
  t.equal(scanner.agent.dials, 1);
});

t.test('resizing the terminal changes the PTY the device sees', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const term = await TerminalClient.open(t, p, scanner.row.id, await p.adminToken());
  await term.login();
  await term.run('stty size', /\r\n24 80\r\n/);
  term.resize(132, 40);
  await term.run('stty size', /\r\n40 132\r\n/);
  t.pass('window-change reached the device');
});

t.test('a browser that comes back within the grace period gets the same session and screen; after it, a new session over the same tunnel', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const token = await p.adminToken();
  const first = await TerminalClient.open(t, p, scanner.row.id, token);
  await first.login();
  await first.run('echo before-the-tab-closed', /before-the-tab-closed\r\n/);
  first.ws.close();
  await once(first.ws, 'close');

  const again = await TerminalClient.open(t, p, scanner.row.id, token);
  t.equal(again.reattached, true);
  t.equal(again.sessionId, first.sessionId);
  await again.untilOutput(/before-the-tab-closed/);
  t.ok(again.controls.some((c) => c.type === 'ready' && c.reattached), 'told it is a reattach');
  await again.run('echo still-here', /still-here\r\n/);
  again.ws.close();
  await once(again.ws, 'close');

  const ended = await db('tunnel_sessions').where({ id: first.sessionId }).whereNotNull('ended_at');
  t.equal(ended.length, 0, 'not ended yet');
  // Past the grace period (2 s here) the session ends: wait for its record to say so.
  await waitFor(async () => (await db('tunnel_sessions').where({ id: first.sessionId }).first()).end_reason === 'browser_closed');
  const commandsBefore = p.platform.api.deviceLink.stats().commands.sent;
  const fresh = await TerminalClient.open(t, p, scanner.row.id, token);
  t.equal(fresh.reattached, false);
  t.not(fresh.sessionId, first.sessionId);
  await fresh.login();
  t.notMatch(fresh.output, /before-the-tab-closed/, 'a new screen');
  t.equal(p.platform.api.deviceLink.stats().commands.sent, commandsBefore, 'no new tunnel.open: the tunnel stayed up');
  t.equal(scanner.agent.dials, 1);
});

t.test('when the device\'s WebSocket is cut (its NAT mapping changed) the device redials and a new terminal works', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const token = await p.adminToken();
  const term = await TerminalClient.open(t, p, scanner.row.id, token);
  await term.login();
  const redialled = new Promise<void>((resolve) => scanner.agent.on((e) => e === 'up' && resolve()));
  scanner.agent.cut();
  t.equal(await term.untilEnded(), 'ssh_closed');
  await redialled;
  await waitFor(async () => hub.current(scanner.row.id)?.state === 'up');
  const next = await TerminalClient.open(t, p, scanner.row.id, token);
  await next.login();
  await next.run('echo after-redial', /after-redial\r\n/);
  t.equal(scanner.agent.dials, 2);
  const tunnel = await db('device_tunnels').where({ device_id: scanner.row.id }).first();
  t.equal(tunnel.dials, 2);
});

t.test('a wrong password three times ends the terminal with ssh_auth_failed', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const term = await TerminalClient.open(t, p, scanner.row.id, await p.adminToken());
  for (let i = 0; i < 3; i++) {
    await term.until((c) => (c.output.match(/password: /g) ?? []).length > i, `prompt ${i + 1}`);
    term.type('wrong\r');
  }
  t.equal(await term.untilEnded(), 'ssh_auth_failed');
  t.match(term.output, /Permission denied/);
});

t.test("device A's token cannot attach to device B's tunnel, and an unknown ticket is refused", async (t) => {
  const a = await simulatedScanner(t, p);
  const b = await simulatedScanner(t, p);
  const tunnel = await hub.ensure(targetOf(b), { origin: p.url, userId: null });
  const before = hub.refusedDials;
  const dial = (ticket: string, token: string) =>
    refusedUpgrade(`${p.url.replace(/^http/, 'ws')}/api/v1/tunnel/device?ticket=${ticket}`, token ? { authorization: `Bearer ${token}` } : {});
  const stolen = await dial(tunnel.ticket, a.token);
  t.equal(stolen.status, 401);
  t.equal(stolen.body.error.code, 'tunnel_unauthorized');
  t.equal((await dial('no-such-ticket', b.token)).status, 401);
  t.equal((await dial(tunnel.ticket, '')).status, 401, 'no token');
  t.equal(hub.refusedDials, before + 3);
  t.equal(tunnel.state, 'up', "B's tunnel is untouched");
  t.equal(b.agent.dials, 1);
});

t.test('a device sending an oversized or a text message loses its link, and the platform carries on', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const tunnel = await hub.ensure(targetOf(scanner), { origin: p.url, userId: null });
  const dial = async () => {
    const ws = new WebSocket(`${p.url.replace(/^http/, 'ws')}/api/v1/tunnel/device?ticket=${tunnel.ticket}`, { headers: { authorization: `Bearer ${scanner.token}` } });
    ws.on('error', () => undefined);
    await once(ws, 'open');
    return ws;
  };
  const big = await dial();
  big.send(Buffer.alloc(256 * 1024));
  const [code] = (await once(big, 'close')) as [number];
  t.equal(code, 1009, 'message too big');
  const text = await dial();
  text.send('hello');
  const [textCode] = (await once(text, 'close')) as [number];
  t.equal(textCode, 4005, 'protocol error');
  t.equal((await p.api('GET', '/health')).status, 200, 'the platform is fine');
  await waitFor(async () => (await db('device_tunnels').where({ id: tunnel.recordId }).first()).close_reason === 'protocol_error');
});

t.test('a device that does not take the tunnel command answers tunnel_refused', async (t) => {
  const scanner = await simulatedScanner(t, p, { tunnels: false });
  const term = await TerminalClient.open(t, p, scanner.row.id, await p.adminToken());
  t.equal(await term.untilEnded(), 'tunnel_refused');
  const tunnel = await db('device_tunnels').where({ device_id: scanner.row.id }).first();
  t.equal(tunnel.close_reason, 'refused');
});

t.test('a port outside the allow-list is refused, by the platform and by the device, and recorded', async (t) => {
  const scanner = await simulatedScanner(t, p, { overrides: { tunnel: { ports: [22, 80, 8080] } } });
  const tunnel = await hub.ensure(targetOf(scanner), { origin: p.url, userId: null });
  await t.rejects(tunnel.openStream(3306), new StreamOpenError('port_not_allowed'), 'not in the platform allow-list');
  await t.rejects(tunnel.openStream(8080), new StreamOpenError('port_not_allowed'), 'allowed by the platform, refused by the device');
  await waitFor(async () => (await db('device_tunnels').where({ id: tunnel.recordId }).first()).refused_streams === 2);
  const ssh = await tunnel.openStream(22);
  t.ok(ssh, 'an allowed port opens');
  ssh.destroy();
});

t.test('limits: two terminals per user, three per device here; a client user cannot open SSH at all', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const other = await simulatedScanner(t, p);
  const [first, second, third] = await Promise.all([0, 1, 2].map(() => userToken(p, 'superadmin', null)));
  const open = (token: string, deviceId: number) => p.api('POST', `/superadmin/devices/${deviceId}/terminal`, { token, body: {} });
  t.equal((await open(first!, scanner.row.id)).status, 200);
  t.equal((await open(first!, other.row.id)).status, 200);
  const overUser = await open(first!, scanner.row.id);
  t.equal(overUser.status, 429);
  t.match(overUser.body.error, { code: 'terminal_limit_reached', details: { scope: 'user', limit: 2 } });
  t.equal((await open(second!, scanner.row.id)).status, 200);
  t.equal((await open(second!, scanner.row.id)).status, 200);
  const overDevice = await open(third!, scanner.row.id);
  t.equal(overDevice.status, 429);
  t.match(overDevice.body.error, { code: 'terminal_limit_reached', details: { scope: 'device', limit: 3 } });
  t.equal((await open(third!, other.row.id)).status, 200, 'another device is not affected');

  const owner = await userToken(p, 'owner', scanner.row.organization_id);
  const forbidden = await p.api('POST', `/superadmin/devices/${scanner.row.id}/terminal`, { token: owner, body: {} });
  t.equal(forbidden.status, 403);
});

t.test('bad input: unknown device 404, offline device 409, a bad login name 400, a made-up ticket 401, junk on the terminal socket ignored', async (t) => {
  const admin = await p.adminToken();
  const missing = await p.api('POST', '/superadmin/devices/999999/terminal', { token: admin, body: {} });
  t.equal(missing.status, 404);
  const offline = await makeDevice(p);
  const off = await p.api('POST', `/superadmin/devices/${offline.row.id}/terminal`, { token: admin, body: {} });
  t.equal(off.status, 409);
  t.equal(off.body.error.code, 'device_offline');
  const bad = await p.api('POST', `/superadmin/devices/${offline.row.id}/terminal`, { token: admin, body: { ssh_user: 'root; rm -rf /' } });
  t.equal(bad.status, 400);
  const res = await refusedUpgrade(`${p.url.replace(/^http/, 'ws')}/api/v1/tunnel/terminal?ticket=made-up`);
  t.equal(res.status, 401);
  t.equal(res.body.error.code, 'ticket_invalid');

  const scanner = await simulatedScanner(t, p);
  const term = await TerminalClient.open(t, p, scanner.row.id, admin);
  await term.login();
  term.ws.send('not json');
  term.resize(-1, 1e9);
  term.ws.send(JSON.stringify({ type: 'input', data: 42 }));
  await term.run('echo still-fine', /still-fine\r\n/);
  term.ws.send('x'.repeat(100 * 1024));
  const [code] = (await once(term.ws, 'close')) as [number];
  t.equal(code, 1009, 'an oversized message closes the page\'s socket');
  t.equal((await p.api('GET', '/health')).status, 200, 'and nothing else');
});

t.test('the device going offline closes its tunnel and ends its terminals with the reason', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const term = await TerminalClient.open(t, p, scanner.row.id, await p.adminToken());
  await term.login();
  await scanner.transport.stop();
  t.equal(await term.untilEnded(), 'tunnel_closed');
  await waitFor(async () => (await db('device_tunnels').where({ device_id: scanner.row.id }).first()).close_reason === 'device_offline');
  await waitFor(async () => (await db('tunnel_sessions').where({ id: term.sessionId }).first()).end_reason === 'tunnel_closed');
  const session = await db('tunnel_sessions').where({ id: term.sessionId }).first();
  t.ok(Number(session.bytes_from_device) > 0, 'bytes recorded');
});

const targetOf = (s: SimulatedScanner) => ({ id: s.row.id, mac: s.mac, organizationId: s.row.organization_id, configOverrides: s.row.config_overrides });
