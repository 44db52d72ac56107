import http from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory from 'knex';
import t from 'tap';
import { createApp } from '../../api/app.ts';
import { checkReadiness } from '../../monitoring/readiness.ts';
import type { AlertKind, PlatformAlert } from '../../core/bus.ts';
import { hashPassword } from '../../core/passwords.ts';
import { insertOrganization } from '../../db/repositories/organizations.ts';
import { insertUser } from '../../db/repositories/users.ts';
import { connectDevice, makeDevice } from '../broker/fixtures.ts';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';
import { bleEvents, eventually } from '../ingest/fixtures.ts';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const p = await startTestPlatform(t, {
  METRICS_TOKEN,
  METRICS_LISTEN: '127.0.0.1:0',
  MONITORING_INTERVAL_MS: '200',
  ALERT_RECEIVER_OFFLINE_SECONDS: '1',
  ALERT_DISK_USED_PERCENT: '1',
});
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

/** Resolves with the next alert of `kind` announced on the bus as `event`. */
function nextAlert(event: 'alert.raised' | 'alert.resolved', kind: AlertKind, timeoutMs = 10_000): Promise<PlatformAlert> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} of ${kind} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = p.platform.bus.on(event, (alert) => {
      if (alert.kind !== kind) return;
      clearTimeout(timer);
      off();
      resolve(alert);
    });
  });
}

/** The superadmin's alert mail of a kind that names `text`, once it is in the outbox. */
const alertMail = async (kind: string, text: string): Promise<{ subject: string; text_body: string } | undefined> =>
  (await p.platform.pg.db('mail_outbox').where({ kind, to_address: ADMIN.email }).whereLike('text_body', `%${text}%`).first()) ?? undefined;

/** A member of a client organization, signed in. */
async function clientToken(): Promise<string> {
  const db = p.platform.pg.db;
  const org = await insertOrganization(db, { name: 'Client Org', status: 'active', products: ['wifi'] });
  const email = `owner-${org.id}@client.test`;
  await insertUser(db, { email, password_hash: await hashPassword('owner-password-1'), role: 'owner', organization_id: org.id, email_verified: true, name: 'Owner' });
  return p.login(email, 'owner-password-1');
}

/** One sample's value of a metric line (`name{labels} value`), or undefined when absent. */
function metricValue(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

t.test('/healthz answers while the process runs and /readyz reports every dependency ready', async (t) => {
  const health = await fetch(`${p.url}/healthz`);
  t.equal(health.status, 200);
  t.same(await health.json(), { status: 'ok' });
  const ready = await fetch(`${p.url}/readyz`);
  t.equal(ready.status, 200);
  t.same(await ready.json(), { status: 'ready', checks: { postgres: { ok: true }, clickhouse: { ok: true }, broker: { ok: true }, ingest: { ok: true } } });
});

t.test('/readyz answers 503 naming a dependency that cannot be reached, without its error text; /healthz stays 200', async (t) => {
  // A PostgreSQL client pointed at a port nobody listens on: a real connection failure.
  const unreachable = knexFactory({ client: 'pg', connection: 'postgres://nobody:secret@127.0.0.1:1/none', pool: { min: 0, max: 1 }, acquireConnectionTimeout: 1000 });
  t.teardown(() => unreachable.destroy());
  const api = p.platform.api;
  const monitoring = {
    ...api.monitoring,
    readiness: () =>
      checkReadiness({
        postgres: () => unreachable.raw('select 1'),
        clickhouse: () => api.ch.query({ query: 'SELECT 1' }),
        broker: () => true,
        ingest: () => ({ pending: 0, limit: 1 }),
      }),
  };
  const server = http.createServer(createApp({ ...api, monitoring }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ready = await fetch(`${base}/readyz`);
  t.equal(ready.status, 503);
  const body = await ready.text();
  t.same(JSON.parse(body), { status: 'not_ready', checks: { postgres: { ok: false }, clickhouse: { ok: true }, broker: { ok: true }, ingest: { ok: true } } });
  t.notMatch(body, /127\.0\.0\.1|ECONNREFUSED|nobody/, 'no hosts, ports or users in a public answer');
  t.equal((await fetch(`${base}/healthz`)).status, 200);
});

t.test('/metrics on the HTTP port needs the metrics bearer token', async (t) => {
  const anonymous = await fetch(`${p.url}/metrics`);
  t.equal(anonymous.status, 401);
  t.equal(((await anonymous.json()) as { error: { code: string } }).error.code, 'metrics_token_required');
  const wrong = await fetch(`${p.url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all-000' } });
  t.equal(wrong.status, 401);
  const user = await fetch(`${p.url}/metrics`, { headers: { authorization: `Bearer ${await p.adminToken()}` } });
  t.equal(user.status, 401, 'a superadmin session is not the metrics token');
  const right = await fetch(`${p.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  t.equal(right.status, 200);
  t.match(right.headers.get('content-type'), /text\/plain/);
  t.match(await right.text(), /# TYPE mybeacon_puback_latency_seconds histogram/);
});

t.test('without METRICS_TOKEN the HTTP port does not serve /metrics at all', async (t) => {
  const api = p.platform.api;
  const config = { ...api.config, monitoring: { ...api.config.monitoring, metricsToken: undefined } };
  const server = http.createServer(createApp({ ...api, config }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  t.equal(res.status, 404);
});

t.test('metrics count a device connecting, its batch stored, its PUBACK latency and the HTTP requests, by route', async (t) => {
  const metricsUrl = p.platform.monitoring.metricsUrl!;
  t.match(metricsUrl, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/, 'METRICS_LISTEN serves /metrics on its own address');
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  await client.publishAsync(`devices/${device.mac}/ble`, json(bleEvents(12)), { qos: 1 });
  await client.publishAsync(`devices/${device.mac}/status`, json('not an object'), { qos: 1 });
  await p.api('GET', '/monitoring/host', { token: await p.adminToken() });

  const text = await (await fetch(metricsUrl)).text();
  t.equal(metricValue(text, 'mybeacon_devices_connected'), 1);
  t.ok(metricValue(text, 'mybeacon_mqtt_connects_total')! >= 1);
  t.equal(metricValue(text, 'mybeacon_ingest_stored_events_total{product="ble"}'), 12);
  t.equal(metricValue(text, 'mybeacon_puback_latency_seconds_count'), 1);
  t.equal(metricValue(text, 'mybeacon_ingest_flush_events_count{product="ble"}'), 1);
  t.equal(metricValue(text, 'mybeacon_ingest_insert_seconds_count{product="ble"}'), 1);
  t.equal(metricValue(text, 'mybeacon_mqtt_messages_in_total{kind="ble"}'), 1);
  t.equal(metricValue(text, 'mybeacon_mqtt_messages_malformed_total{kind="status"}'), 1, 'the unusable status message is counted by kind');
  t.ok(metricValue(text, 'mybeacon_mqtt_messages_out_total')! >= 1, 'the retained config pushed on connect is a message out');
  t.equal(metricValue(text, 'mybeacon_ingest_queue_events'), 0);
  t.ok(metricValue(text, 'mybeacon_http_request_duration_seconds_count{method="GET",route="/api/v1/monitoring/host",status="200"}')! >= 1, 'HTTP latency by route pattern');
  t.ok(metricValue(text, 'nodejs_eventloop_lag_seconds') !== undefined, 'event-loop lag');
  t.ok(metricValue(text, 'process_resident_memory_bytes')! > 0, 'process memory');

  const refused = await fetch(metricsUrl.replace(/\/metrics$/, '/other'));
  t.equal(refused.status, 404, 'the metrics listener serves nothing else');
});

t.test('GET /monitoring/host answers the superadmin in the prototype\'s shape, and nobody else', async (t) => {
  const res = await p.api('GET', '/monitoring/host', { token: await p.adminToken() });
  t.equal(res.status, 200);
  const h = res.body;
  t.same(Object.keys(h).sort(), ['cpu', 'disk', 'load', 'memory', 'network', 'timestamp']);
  t.ok(h.cpu.usage >= 0 && h.cpu.usage <= 100 && h.cpu.cores >= 1);
  t.ok(h.memory.total > 0 && h.memory.used > 0 && h.memory.percent > 0 && h.memory.percent <= 100);
  t.ok(h.network.rx_bytes >= 0 && h.network.tx_bytes >= 0);
  t.same(Object.keys(h.load).sort(), ['15m', '1m', '5m']);
  t.ok(h.disk.io.read_bytes >= 0 && h.disk.io.write_bytes >= 0);
  t.ok(h.disk.usage.total > 0 && h.disk.usage.used > 0 && h.disk.usage.percent > 0);
  t.ok(Math.abs(Date.parse(h.timestamp) - Date.now()) < 60_000);

  t.equal((await p.api('GET', '/monitoring/host')).status, 401);
  const member = await clientToken();
  for (const route of ['/monitoring/host', '/monitoring/samples', '/monitoring/alerts']) {
    t.equal((await p.api('GET', route, { token: member })).status, 403, `${route} is for the superadmin only`);
  }
});

t.test('samples for the live charts carry host rates and the platform\'s own figures', async (t) => {
  const token = await p.adminToken();
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const start = new Date().toISOString();
  await client.publishAsync(`devices/${device.mac}/ble`, json(bleEvents(30)), { qos: 1 });
  const busy = await eventually(async () => {
    const res = await p.api('GET', `/monitoring/samples?since=${encodeURIComponent(start)}`, { token });
    return res.body.samples.find((s: { events_per_second: number }) => s.events_per_second > 0);
  });
  t.ok(busy.devices_online >= 1);
  t.ok(busy.insert_ms !== null && busy.insert_ms >= 0, 'the INSERT time of the flush in that interval');
  t.equal(busy.queue_depth, 0);
  for (const key of ['cpu_percent', 'memory_percent', 'load_1m', 'disk_percent', 'network_rx_bytes_per_second', 'network_tx_bytes_per_second', 'disk_read_bytes_per_second', 'disk_write_bytes_per_second']) {
    t.type(busy[key], 'number', key);
  }
  const bad = await p.api('GET', '/monitoring/samples?since=yesterday', { token });
  t.equal(bad.status, 400);
  t.equal(bad.body.error.code, 'validation_failed');
});

t.test('a receiver offline longer than the threshold raises an alert the superadmin sees; coming back resolves it', async (t) => {
  const token = await p.adminToken();
  const device = await makeDevice(p);
  // Receivers of earlier tests went offline too: taken out of service, so this one is the whole fleet.
  await p.platform.pg.db('devices').whereNot({ id: device.row.id }).update({ organization_id: null });
  await eventually(async () => !p.platform.monitoring.alerts.list().active.some((a) => a.kind === 'receivers_offline') || undefined);
  const client = await connectDevice(t, p, device);
  await client.publishAsync(`devices/${device.mac}/ble`, json(bleEvents(3)), { qos: 1 });
  const raised = nextAlert('alert.raised', 'receivers_offline');
  await client.endAsync(true);
  const alert = await raised;
  t.same(alert.details.macs, [device.mac]);
  t.equal(alert.severity, 'warning');
  const raisedMail = await eventually(() => alertMail('alert_raised', device.mac));
  t.match(raisedMail.subject, /^MyBeacon alert: 1 receiver\(s\) offline/, 'the superadmin is mailed (through the outbox)');
  t.match(raisedMail.text_body, /\/admin\/monitoring/, 'with a link to the Monitoring page');

  const listed = await p.api('GET', '/monitoring/alerts', { token });
  const shown = listed.body.active.find((a: { kind: string }) => a.kind === 'receivers_offline');
  t.equal(shown.details.count, 1);
  t.same(shown.details.macs, [device.mac]);
  t.equal(shown.resolved_at, null);

  const resolved = nextAlert('alert.resolved', 'receivers_offline');
  await connectDevice(t, p, device);
  t.ok((await resolved).resolvedAt);
  t.match((await eventually(() => alertMail('alert_resolved', device.mac))).subject, /^MyBeacon alert resolved:/);
  const after = await p.api('GET', '/monitoring/alerts', { token });
  t.notOk(after.body.active.some((a: { kind: string }) => a.kind === 'receivers_offline'));
  t.ok(after.body.recent.some((a: { kind: string; id: number }) => a.kind === 'receivers_offline' && a.id === alert.id));
});

t.test('a data disk fuller than ALERT_DISK_USED_PERCENT is an active alert', async (t) => {
  const alert = await eventually(async () => p.platform.monitoring.alerts.list().active.find((a) => a.kind === 'disk_nearly_full'));
  t.ok(Number(alert.details.percent) >= 1);
  t.equal(alert.details.threshold_percent, 1);
});
