/**
 * `npm run bench:ble-views [-- --tags 200 --hours 24]`: loads what the positioning engine stores for a
 * day of 200 tags fixed every 5 s (3.5 million fixes and their zone visits, through the real schema and
 * its materialized views) into embedded chDB, then prints the latency of every query the live map, the
 * tag list, the history screens and the exports read.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { clickhouseTime, startClickHouse, type ClickHouseClient } from '../core/clickhouse.ts';
import { createLogger } from '../core/logger.ts';
import { migrateClickHouse } from '../db/migrate.ts';
import { bleExportSource } from '../api/products/ble/export-source.ts';
import * as positions from '../api/products/ble/positions-repository.ts';

const { values } = parseArgs({
  options: {
    tags: { type: 'string', default: '200' },
    hours: { type: 'string', default: '24' },
    runs: { type: 'string', default: '5' },
  },
});
const TAGS = Number(values.tags);
const HOURS = Number(values.hours);
const RUNS = Number(values.runs);
const STEP_S = 5;
// A 40 × 30 m floor cut into 4 zones of 20 × 15 m; a tag stays 5 minutes in a zone, then moves on.
const STAY_S = 300;
const scope = { organizationId: 7, locationId: 3, planId: 11 };

const dir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-bench-ble-views-'));
const log = createLogger('warn');
const { ch, stop } = await startClickHouse(loadConfig({ MYBEACON_DATA_DIR: dir }).clickhouse, log);

try {
  await migrateClickHouse(ch, log);
  const end = new Date(Math.floor(Date.now() / 1000) * 1000);
  const start = new Date(end.getTime() - HOURS * 3_600_000);
  const loaded = performance.now();
  await load(ch, start);
  const [{ fixes, visits }] = (await (
    await ch.query({ query: 'SELECT (SELECT count() FROM ble_positions) AS fixes, (SELECT count() FROM ble_zone_visits) AS visits', format: 'JSONEachRow' })
  ).json<{ fixes: number; visits: number }>()) as [{ fixes: number; visits: number }];
  console.log(`Loaded ${Number(fixes).toLocaleString('en')} fixes and ${Number(visits).toLocaleString('en')} visits of ${TAGS} tags over ${HOURS} h in ${((performance.now() - loaded) / 1000).toFixed(1)} s`);

  const day = { from: start, to: end };
  const hour = { from: new Date(end.getTime() - 3_600_000), to: end };
  const cases: Array<[string, () => Promise<unknown[] | unknown>]> = [
    ['live snapshot: latest fix per tag, last 10 min', () => positions.queryLatestFixes(ch, scope, new Date(end.getTime() - 600_000))],
    ['tag list: current zone per tag (visits, 24 h)', () => positions.queryCurrentZones(ch, scope.organizationId, start)],
    ['playback: one tag, a day (120 s frames)', () => positions.queryTrack(ch, scope, day, 120, 17)],
    ['playback: all tags, an hour (15 s frames)', () => positions.queryTrack(ch, scope, hour, 15)],
    ['playback: all tags, a day (10 min frames)', () => positions.queryTrack(ch, scope, day, 600)],
    ['heatmap: a day (0.5 m grid)', () => positions.queryGrid(ch, scope, day)],
    ['busiest zones: a day (zone-minutes)', () => positions.queryZoneOccupancy(ch, scope, day)],
    ['time in zones: a day (visits FINAL)', () => positions.queryTimeInZones(ch, scope, day)],
    ['routes: a day, stays ≥ 60 s', () => positions.queryStays(ch, scope, day, 60)],
  ];
  for (const [name, run] of cases) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const result = await run();
      times.push(performance.now() - t0);
      rows = Array.isArray(result) ? result.length : 0;
    }
    times.sort((a, b) => a - b);
    console.log(`${name.padEnd(50)} median ${times[times.length >> 1]!.toFixed(0).padStart(5)} ms  max ${times.at(-1)!.toFixed(0).padStart(5)} ms  (${rows} rows)`);
  }

  const exported = performance.now();
  const source = await bleExportSource(ch, { scope, period: day, kind: 'positions', format: 'csv', tags: new Map(), zones: new Map(), receivers: new Map() });
  let bytes = 0;
  for (const slice of source.slices) bytes += (await slice.fetch()).length;
  const s = (performance.now() - exported) / 1000;
  console.log(`positions export, a day as CSV: ${(Number(fixes) / s).toFixed(0)} rows/s, ${(bytes / 1e6).toFixed(0)} MB in ${s.toFixed(1)} s (${source.slices.length} slices)`);
} finally {
  await stop();
  await rm(dir, { recursive: true, force: true });
}

/**
 * Generated inside ClickHouse (numbers()), so loading millions of rows costs seconds: tag t is in zone
 * ((t + k) mod 4) + 1 during its k-th stay, wandering around the zone's middle.
 */
async function load(ch: ClickHouseClient, from: Date): Promise<void> {
  const perTag = (HOURS * 3600) / STEP_S;
  const params = { org: scope.organizationId, location: scope.locationId, plan: scope.planId, from: clickhouseTime(from), tags: TAGS, per_tag: perTag, step: STEP_S, stay: STAY_S };
  const zoneOf = `((tag + intDiv(i * {step:UInt32}, {stay:UInt32})) % 4)`;
  await ch.command({
    query: `INSERT INTO ble_positions
      SELECT {org:UInt32}, {location:UInt32}, {plan:UInt32}, toUInt32(tag + 1),
             toDateTime64({from:String}, 3, 'UTC') + toIntervalSecond(i * {step:UInt32}),
             toFloat32(10 + 20 * (${zoneOf} % 2) + 6 * sin(i / 7 + tag)), toFloat32(7.5 + 15 * intDiv(${zoneOf}, 2) + 5 * cos(i / 11 + tag)),
             toUInt32(${zoneOf} + 1), toFloat32(1.5), toUInt8(3), toUInt32(1 + ${zoneOf}), toInt8(-60 - (i % 20))
      FROM (SELECT intDiv(number, {per_tag:UInt64}) AS tag, number % {per_tag:UInt64} AS i FROM numbers({tags:UInt64} * {per_tag:UInt64}))`,
    query_params: params,
  });
  await ch.command({
    query: `INSERT INTO ble_zone_visits
      SELECT {org:UInt32}, {location:UInt32}, {plan:UInt32}, toUInt32(tag + 1), toUInt32((tag + k) % 4 + 1),
             toDateTime64({from:String}, 3, 'UTC') + toIntervalSecond(k * {stay:UInt32}),
             toDateTime64({from:String}, 3, 'UTC') + toIntervalSecond((k + 1) * {stay:UInt32}), 1, now64(3)
      FROM (SELECT intDiv(number, {stays:UInt64}) AS tag, number % {stays:UInt64} AS k FROM numbers({tags:UInt64} * {stays:UInt64}))`,
    query_params: { ...params, stays: (HOURS * 3600) / STAY_S },
  });
}
