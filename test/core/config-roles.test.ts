import { spawnSync } from 'node:child_process';
import t from 'tap';
import { ConfigError, loadConfig } from '../../core/config.ts';
import { problemsOf } from './config-problems.ts';

const shared = { DATABASE_URL: 'postgres://u:p@db:5432/mybeacon', REDIS_URL: 'redis://cache:6379' };

t.test('without roles a process runs all of them, and needs nothing external', async (t) => {
  t.same([...loadConfig({}).roles].sort(), ['api', 'broker', 'ingest']);
  t.same([...loadConfig({ MYBEACON_ROLES: 'all' }).roles].sort(), ['api', 'broker', 'ingest']);
  t.equal(loadConfig({}).redis, undefined);
});

t.test('roles combine, separated by spaces or commas', async (t) => {
  const config = loadConfig({ ...shared, MYBEACON_ROLES: 'ingest api' });
  t.same([...config.roles].sort(), ['api', 'ingest']);
  t.same([...loadConfig({ ...shared, MYBEACON_ROLES: 'broker,ingest' }).roles].sort(), ['broker', 'ingest']);
  t.match(config.redis, { url: 'redis://cache:6379', maxStreamBatches: 100_000, claimIdleMs: 30_000 });
});

t.test('a role beside other processes must be given the shared Redis and PostgreSQL, and is told so', async (t) => {
  const err = t.throws(() => loadConfig({ MYBEACON_ROLES: 'broker' })) as ConfigError;
  t.ok(err instanceof ConfigError);
  t.match(err.problems, [/^REDIS_URL: the broker role runs beside other MyBeacon processes/, /^DATABASE_URL: the broker role shares PostgreSQL/]);
  t.match(problemsOf({ MYBEACON_ROLES: 'api', REDIS_URL: shared.REDIS_URL }), [/^DATABASE_URL: the api role/]);
});

t.test('an unknown role or a REDIS_URL that is not redis:// is refused, naming the variable', async (t) => {
  t.match(problemsOf({ ...shared, MYBEACON_ROLES: 'broker worker' }), [/^MYBEACON_ROLES: expected "all" or any of broker, ingest, api \(got "broker worker"\)/]);
  t.match(problemsOf({ REDIS_URL: 'http://cache:6379' }), [/^REDIS_URL: .*\(got "<redacted>"\)/]);
  t.match(problemsOf({ ...shared, INGEST_CLAIM_IDLE_MS: '0' }), [/^INGEST_CLAIM_IDLE_MS: /]);
});

t.test('`mybeacon broker` alone stops at once with the message, exit code 1', async (t) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/mybeacon.ts', 'broker'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 60_000,
  });
  t.equal(run.status, 1);
  t.match(run.stderr, /Invalid configuration:\n {2}- REDIS_URL: the broker role runs beside other MyBeacon processes/);
});
