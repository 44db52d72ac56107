import { stat } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';

// Review finding: export files were 0644 and the chDB folder world-readable under the data dir.
t.test('the data dir and everything in it are owner-only; others may only pass through to PostgreSQL', async (t) => {
  const p = await startTestPlatform(t);
  const mode = async (...parts: string[]) => (await stat(path.join(p.dataDir, ...parts))).mode & 0o777;
  t.equal(await mode(), 0o711, 'the data dir: traversable (the postgres user reaches its cluster), not listable');
  t.equal(await mode('chdb'), 0o700, 'chDB');
  t.equal(await mode('exports'), 0o700, 'exports');
  t.equal(await mode('secrets'), 0o700, 'secrets');
  t.equal(await mode('postgres'), 0o700, 'the PostgreSQL cluster (its own rule)');
});
