import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import t from 'tap';
import { selectRows, startClickHouse } from '../../core/clickhouse.ts';
import { migrateClickHouse, splitStatements } from '../../db/migrate.ts';

// An install from before the product split ran `001_events` (BLE and WiFi tables in one file) and
// `010_wifi_analytics`. Its data dir must start on today's files without any of them running again.
const dir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-migrations-'));
const handle = await startClickHouse({ embeddedDir: dir, database: 'mybeacon' }, pino({ level: 'silent' }));
const ch = handle.ch;
t.teardown(async () => {
  await handle.stop();
  await rm(dir, { recursive: true, force: true });
});

const lines: Array<{ msg: string; migration?: string; replaces?: string }> = [];
const log = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
const CLICKHOUSE_DIR = path.join(import.meta.dirname, '../../db/clickhouse');
const sqlOf = (file: string) => readFile(path.join(CLICKHOUSE_DIR, file), 'utf8');
const tables = async () => new Set((await selectRows(ch, 'SHOW TABLES', {}, { name: 'string' })).map((r) => r.name));
const recorded = async () => (await selectRows(ch, 'SELECT name FROM schema_migrations FINAL ORDER BY name', {}, { name: 'string' })).map((r) => r.name);

t.test('an install migrated by the old file names starts on the split files without re-running them', async (t) => {
  // The old install: the same statements (001_events held both tables), recorded under the old names.
  for (const file of ['001_ble_events.sql', '002_wifi_events.sql', '010_wifi_analytics.sql']) {
    for (const statement of splitStatements(await sqlOf(file))) await ch.command({ query: statement });
  }
  await ch.command({
    query: `CREATE TABLE schema_migrations (name String, applied_at DateTime DEFAULT now()) ENGINE = ReplacingMergeTree ORDER BY name`,
  });
  await ch.insert({ table: 'schema_migrations', values: [{ name: '001_events' }, { name: '010_wifi_analytics' }], format: 'JSONEachRow' });
  await ch.command({
    query: `INSERT INTO wifi_events (timestamp, organization_id, device_id, device_mac, client_mac, rssi, batch_id)
            VALUES (now64(3), 1, 1, '0a:00:00:00:00:01', '3c:22:fb:00:00:01', -60, 42)`,
  });
  // Were 001_ble_events to run, it would create this table again: its absence proves it did not.
  await ch.command({ query: 'DROP TABLE ble_events' });

  await migrateClickHouse(ch, log);
  t.notOk((await tables()).has('ble_events'), '001_ble_events was recorded, not run');
  t.same(
    lines.filter((l) => l.replaces).map((l) => [l.migration, l.replaces]),
    [
      ['001_ble_events', '001_events'],
      ['002_wifi_events', '001_events'],
    ],
  );
  const [row] = await selectRows(ch, 'SELECT count() AS n FROM wifi_events', {}, { n: 'number' });
  t.equal(row!.n, 1, 'the stored events are untouched');
  t.ok((await tables()).has('temperature_readings'), 'a new product’s migration runs');
  // Every file of today is recorded, beside the old name it replaced.
  const files = (await readdir(CLICKHOUSE_DIR)).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, ''));
  t.same(await recorded(), ['001_events', ...files].sort());

  lines.length = 0;
  await migrateClickHouse(ch, log);
  t.same(lines.filter((l) => l.migration), [], 'a second start applies nothing');
});
