import { stat } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { AppError } from '../../core/errors.ts';
import { ExportJobs, type ExportSource } from '../../api/services/export-jobs.ts';
import { insertExport, type ExportRow } from '../../db/repositories/exports.ts';
import { insertOrganization } from '../../db/repositories/organizations.ts';
import { startTestStores } from '../helpers/stores.ts';
import { eventually } from '../ingest/fixtures.ts';

const stores = await startTestStores(t);
const { db } = stores.pg;
const dir = path.join(stores.config.dataDir, 'exports');

/** An export source whose one slice waits until the test opens it, and notes when it ran. */
function gated(name: string, ran: string[]) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const source = async (): Promise<ExportSource> => ({
    columns: ['name'],
    slices: [{ weight: 1, fetch: async () => (await gate, ran.push(name), `${name}\n`) }],
  });
  return { open, source };
}

async function organization(name: string) {
  const org = await insertOrganization(db, { name, status: 'active', products: ['wifi'] });
  const create = () =>
    insertExport(db, { id: crypto.randomUUID(), organization_id: org.id, user_id: null, user_email: 'u@x', product: 'wifi', format: 'csv', parameters: {} });
  return { id: org.id, create };
}

const status = async (job: ExportRow) => (await db<ExportRow>('exports').where({ id: job.id }).first())!.status;

// Review finding: exports were unbounded and ran in one serial queue shared by every tenant.
t.test('an organization may have only so many exports queued or running; beyond that 429', async (t) => {
  const jobs = new ExportJobs(db, dir, stores.log, 7, { maxPerOrganization: 2 });
  t.teardown(() => jobs.stop());
  const ran: string[] = [];
  const a = await organization('Capped');
  const b = await organization('Other');
  const [one, two, other, four] = [gated('one', ran), gated('two', ran), gated('other', ran), gated('four', ran)];
  t.teardown(() => [two, other, four].forEach((g) => g.open()));
  await jobs.submit(a.id, a.create, one.source);
  await jobs.submit(a.id, a.create, two.source);
  const third = await jobs.submit(a.id, a.create, gated('three', ran).source).catch((err: unknown) => err);
  t.ok(third instanceof AppError && third.status === 429 && third.code === 'too_many_exports', 'the third is refused');
  t.equal(await db('exports').where({ organization_id: a.id }).count({ n: '*' }).first().then((r) => Number(r!.n)), 2, 'and not recorded');
  const others = await jobs.submit(b.id, b.create, other.source);
  t.equal(await status(others), 'queued', 'another organization is not affected');
  one.open();
  await eventually(async () => ran.includes('one'));
  await eventually(async () => jobs.submit(a.id, a.create, four.source).catch(() => undefined));
  t.pass('a finished export frees its place');
});

t.test('organizations take turns: one with many exports queued does not hold back another', async (t) => {
  const jobs = new ExportJobs(db, dir, stores.log, 7, { maxPerOrganization: 5 });
  t.teardown(() => jobs.stop());
  const ran: string[] = [];
  const [busy, quiet] = [await organization('Busy'), await organization('Quiet')];
  const gates = ['busy-1', 'busy-2', 'busy-3'].map((name) => gated(name, ran));
  for (const g of gates) await jobs.submit(busy.id, busy.create, g.source);
  const late = gated('quiet-1', ran);
  const quietJob = await jobs.submit(quiet.id, quiet.create, late.source);
  for (const g of [...gates, late]) g.open();
  await eventually(async () => (await status(quietJob)) === 'done' && ran.length === 4);
  t.same(ran, ['busy-1', 'quiet-1', 'busy-2', 'busy-3']);
});

t.test('export files and their folder are owner-only', async (t) => {
  const jobs = new ExportJobs(db, dir, stores.log, 7, { maxPerOrganization: 5 });
  t.teardown(() => jobs.stop());
  const org = await organization('Private');
  const g = gated('secret', []);
  g.open();
  const job = await jobs.submit(org.id, org.create, g.source);
  await eventually(async () => (await status(job)) === 'done');
  t.equal((await stat(jobs.filePath(job))).mode & 0o777, 0o600);
  t.equal((await stat(dir)).mode & 0o777, 0o700);
});
