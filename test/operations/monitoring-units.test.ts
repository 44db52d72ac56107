import t from 'tap';
import { Bus, type PlatformAlert } from '../../core/bus.ts';
import { createLogger } from '../../core/logger.ts';
import { AlertEvaluator, type AlertReadings } from '../../monitoring/alerts.ts';
import { parseDiskStats, parseNetDev, parseProcStat } from '../../monitoring/host.ts';
import { checkReadiness } from '../../monitoring/readiness.ts';

const log = createLogger('silent');

t.test('host counters are read from /proc as Linux writes them', async (t) => {
  t.same(parseProcStat('cpu  100 5 50 800 20 3 2 0 0 0\ncpu0 1 2 3 4\n'), { busy: 160, total: 980 }, 'idle and iowait are not busy');
  const netDev = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    '    lo: 5000 10 0 0 0 0 0 0 5000 10 0 0 0 0 0 0',
    '  eth0: 1000 10 0 0 0 0 0 0 400 4 0 0 0 0 0 0',
    '  wlan0: 24 1 0 0 0 0 0 0 6 1 0 0 0 0 0 0',
  ].join('\n');
  t.same(parseNetDev(netDev), { rxBytes: 1024, txBytes: 406 }, 'loopback is not the host\'s network');
  const diskstats = ['   8       0 sda 100 0 8 0 50 0 16 0 0 0 0', '   8       1 sda1 100 0 8 0 50 0 16 0 0 0 0', '   7       0 loop0 1 0 2 0 1 0 2 0 0 0 0'].join('\n');
  t.same(parseDiskStats(diskstats, new Set(['sda'])), { readBytes: 8 * 512, writeBytes: 16 * 512 }, 'partitions and loop devices are not counted twice');
  t.same(parseProcStat(''), { busy: 0, total: 0 }, 'no /proc (another OS): zeros, not a crash');
});

/** Readings the test sets by hand, and a clock it moves. */
function rig() {
  const state = { offline: { count: 0, macs: [] as string[] } as { count: number; macs: string[] } | Error, clickhouse: true, depth: 0, disk: 10, now: 1_000_000 };
  const readings: AlertReadings = {
    offlineReceivers: async () => {
      if (state.offline instanceof Error) throw state.offline;
      return state.offline;
    },
    clickhouseUp: async () => state.clickhouse,
    queueDepth: () => state.depth,
    diskPercent: () => state.disk,
  };
  const bus = new Bus();
  const raised: PlatformAlert[] = [];
  const resolved: PlatformAlert[] = [];
  bus.on('alert.raised', (a) => raised.push(a));
  bus.on('alert.resolved', (a) => resolved.push(a));
  const evaluator = new AlertEvaluator({ readings, bus, log, thresholds: { offlineSeconds: 900, backlogEvents: 1000, diskPercent: 90, sustainMs: 60_000 }, now: () => state.now });
  return { state, evaluator, raised, resolved };
}

t.test('ClickHouse unavailable is raised only after 60 s, and once', async (t) => {
  const { state, evaluator, raised, resolved } = rig();
  state.clickhouse = false;
  await evaluator.evaluate();
  state.now += 59_000;
  await evaluator.evaluate();
  t.same(raised, [], 'a restart of a few seconds is no alert');
  state.now += 1_000;
  await evaluator.evaluate();
  state.now += 5_000;
  await evaluator.evaluate();
  t.same(raised.map((a) => a.kind), ['clickhouse_unavailable'], 'raised once at 60 s, not again on the next beat');
  state.clickhouse = true;
  await evaluator.evaluate();
  t.same(resolved.map((a) => a.kind), ['clickhouse_unavailable']);
  t.same(evaluator.list().active, []);
});

t.test('a backlog that drains within the minute is never raised; one that stays is', async (t) => {
  const { state, evaluator, raised } = rig();
  state.depth = 5000;
  await evaluator.evaluate();
  state.now += 30_000;
  state.depth = 10;
  await evaluator.evaluate();
  state.now += 30_000;
  state.depth = 5000;
  await evaluator.evaluate();
  t.same(raised, [], 'the clock restarted when it drained');
  state.now += 60_000;
  await evaluator.evaluate();
  t.equal(raised[0]?.kind, 'ingest_backlog');
  t.same(raised[0]?.details, { pending_events: 5000, threshold_events: 1000 });
});

t.test('offline receivers and a full disk are raised at once, and their figures follow while they last', async (t) => {
  const { state, evaluator, raised } = rig();
  state.offline = { count: 1, macs: ['aa:bb:cc:00:00:01'] };
  state.disk = 99;
  await evaluator.evaluate();
  t.same(raised.map((a) => a.kind).sort(), ['disk_nearly_full', 'receivers_offline']);
  t.equal(raised.find((a) => a.kind === 'disk_nearly_full')?.severity, 'critical');
  state.offline = { count: 2, macs: ['aa:bb:cc:00:00:01', 'aa:bb:cc:00:00:02'] };
  await evaluator.evaluate();
  t.equal(raised.length, 2, 'no second alert for the same condition');
  t.equal(evaluator.list().active.find((a) => a.kind === 'receivers_offline')?.details.count, 2);
});

t.test('an unreadable reading (PostgreSQL slow or down) neither raises nor resolves its alert', async (t) => {
  const { state, evaluator, raised, resolved } = rig();
  state.offline = { count: 1, macs: ['aa:bb:cc:00:00:01'] };
  await evaluator.evaluate();
  state.offline = new Error('no answer within 2000 ms');
  await evaluator.evaluate();
  t.same(resolved, [], 'still active: nothing says the receiver came back');
  t.equal(evaluator.list().active.length, 1);
  state.offline = { count: 0, macs: [] };
  await evaluator.evaluate();
  t.same(resolved.map((a) => a.kind), ['receivers_offline']);
  t.equal(raised.length, 1);
});

t.test('/readyz fails a dependency that does not answer within 2 s, naming it', async (t) => {
  const readiness = await checkReadiness({
    postgres: () => new Promise(() => undefined),
    clickhouse: async () => 1,
    broker: () => true,
    ingest: () => ({ pending: 200, limit: 200 }),
  });
  t.equal(readiness.ready, false);
  t.same(readiness.checks.postgres, { ok: false, detail: 'no answer within 2000 ms' });
  t.same(readiness.checks.ingest, { ok: false, detail: '200 events waiting, limit 200' }, 'a queue at its limit refuses batches: not ready');
  t.same(readiness.checks.clickhouse, { ok: true });
});
