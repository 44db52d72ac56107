import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';
import { dashboardGet, simulatedScanner, TerminalClient, waitFor } from './fixtures.ts';

// Short limits so they are observable: tunnels idle out after 2 s, terminals after 3 s of silence, and a
// terminal may print 64 KiB.
const p = await startTestPlatform(t, { TUNNEL_IDLE_SECONDS: '2', TERMINAL_IDLE_SECONDS: '3', TERMINAL_MAX_OUTPUT_BYTES: '65536' });
const db = p.platform.pg.db;
const dashGet = (url: string) => dashboardGet(p, url);

t.test('an idle tunnel closes by itself: the device is told not to redial and the dashboard link stops working', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const closed = new Promise<void>((resolve) => scanner.agent.on((e) => e === 'closed' && resolve()));
  const res = await p.api('POST', `/superadmin/devices/${scanner.row.id}/dashboard`, { token: await p.adminToken() });
  t.equal((await dashGet(res.body.url)).status, 200);
  await closed;
  t.equal(scanner.agent.dials, 1, 'no redial after the platform closed it');
  await waitFor(async () => (await db('device_tunnels').where({ device_id: scanner.row.id }).first()).closed_at !== null);
  const tunnel = await db('device_tunnels').where({ device_id: scanner.row.id }).first();
  t.equal(tunnel.close_reason, 'idle');
  t.ok(Number(tunnel.bytes_from_device) > 0);
  t.equal((await dashGet(res.body.url)).status, 404, 'the link died with the tunnel');
  const status = await p.api('GET', `/superadmin/devices/${scanner.row.id}/tunnel`, { token: await p.adminToken() });
  t.equal(status.body.state, 'none');
});

t.test('a terminal without input or output for TERMINAL_IDLE_SECONDS ends, and its tunnel idles out after it', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const closed = new Promise<void>((resolve) => scanner.agent.on((e) => e === 'closed' && resolve()));
  const term = await TerminalClient.open(t, p, scanner.row.id, await p.adminToken());
  await term.login();
  t.equal(await term.untilEnded(), 'idle');
  await closed;
  await waitFor(async () => (await db('device_tunnels').where({ device_id: scanner.row.id }).first()).close_reason === 'idle');
  t.equal((await db('tunnel_sessions').where({ id: term.sessionId }).first()).end_reason, 'idle');
});

t.test('a terminal that prints more than TERMINAL_MAX_OUTPUT_BYTES ends with output_cap', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const term = await TerminalClient.open(t, p, scanner.row.id, await p.adminToken());
  await term.login();
  term.type('seq 20000\r');
  t.equal(await term.untilEnded(), 'output_cap');
  t.ok(term.output.length <= 65536 + 4096, `no more than the cap reached the browser (${term.output.length} bytes)`);
});
