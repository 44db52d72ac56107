import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { createLogger } from '../../core/logger.ts';
import { startPostgres } from '../../core/postgres.ts';

const log = createLogger('silent');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function dataDir(t: Test): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-pg-'));
  await chmod(root, 0o755);
  t.teardown(() => rm(root, { recursive: true, force: true }));
  return path.join(root, 'postgres');
}

// Review finding: after a reboot the PID in postmaster.pid may be anything's; as root it was killed.
t.test('a postmaster.pid naming an unrelated process leaves that process alone', async (t) => {
  const dir = await dataDir(t);
  const bystander = spawn('sleep', ['600'], { stdio: 'ignore' });
  t.teardown(() => bystander.kill('SIGKILL'));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'postmaster.pid'), `${bystander.pid}\n${dir}\n`);
  const pg = await startPostgres({ embeddedDir: dir, embeddedPort: 0 }, log);
  t.teardown(() => pg.stop());
  t.ok(alive(bystander.pid!), 'the unrelated process still runs');
  await pg.db.raw('select 1');
});

t.test("a stale postmaster of the same cluster (its platform was killed) is still stopped", async (t) => {
  const dir = await dataDir(t);
  const orphan = await startPostgres({ embeddedDir: dir, embeddedPort: 0 }, log);
  await orphan.db.destroy(); // the platform that owned it is gone; its postgres is not
  const orphanPid = Number((await readFile(path.join(dir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const pg = await startPostgres({ embeddedDir: dir, embeddedPort: 0 }, log);
  t.teardown(() => pg.stop());
  t.notOk(alive(orphanPid), 'the orphaned postmaster was stopped');
  await pg.db.raw('select 1');
});
