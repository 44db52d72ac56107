import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import t from 'tap';
import { loadConfig } from '../../core/config.ts';
import { ensurePostgresCanReach, PostgresReachError } from '../../core/postgres-reach.ts';
import { startPlatform } from '../../platform.ts';

const isRoot = process.getuid?.() === 0;

/** A logger whose JSON lines the test can read. */
function capturingLogger(): { log: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

t.test('as root, the platform starts with its data dir under a private (mode 700) parent, like a checkout in /root', { skip: !isRoot && 'needs root' }, async (t) => {
  const home = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-home-'));
  t.teardown(() => rm(home, { recursive: true, force: true }));
  await chmod(home, 0o700);
  const dataDir = path.join(home, 'mybeacon', 'data');
  const config = loadConfig({ MYBEACON_DATA_DIR: dataDir, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', MQTT_HOST: '127.0.0.1', MQTT_PORT: '0', MYBEACON_ADMIN_EMAIL: 'root@test.local', MYBEACON_ADMIN_PASSWORD: 'root-password-1' });
  const { log, lines } = capturingLogger();

  const platform = await startPlatform(config, { log });
  t.teardown(() => platform.stop());

  const ready = await fetch(`${platform.httpUrl}/readyz`);
  t.equal(ready.status, 200, 'ready: PostgreSQL came up in the data dir');
  t.equal((await stat(home)).mode & 0o777, 0o701, 'only search permission for others was added: nobody else can list it');
  const grant = lines.find((l) => l.dir === home);
  t.ok(grant, 'the grant is logged, naming the directory');
  t.match(String(grant?.msg), /search permission .*postgres/);
});

t.test('where the needed traversal cannot be granted, start-up fails with a message naming the directory and the fix', { skip: !isRoot && 'needs root' }, async (t) => {
  // procfs refuses chmod even to root: /proc/1/fd is dr-x------.
  const { log } = capturingLogger();
  const err = await ensurePostgresCanReach(['/proc/1/fd/0'], log, { uid: -1, gids: [] }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.type(err, PostgresReachError);
  t.match((err as Error).message, /cannot reach \/proc\/1\/fd\/0: \/proc\/1\/fd does not let it pass/);
  t.match((err as Error).message, /Fix: `chmod o\+x \/proc\/1\/fd`.*MYBEACON_DATA_DIR.*DATABASE_URL/);
});

t.test('directories the postgres account can already pass through are left as they are', { skip: !isRoot && 'needs root' }, async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-open-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await chmod(dir, 0o750);
  const owned = await stat(dir);
  const { log, lines } = capturingLogger();
  // An account in the directory's group passes through g+x; nothing must change for it.
  await ensurePostgresCanReach([path.join(dir, 'data', 'postgres')], log, { uid: 4242, gids: [owned.gid] });
  t.equal((await stat(dir)).mode & 0o777, 0o750);
  t.same(lines.filter((l) => l.dir), []);
});
