import t from 'tap';
import { maintainAuditPartitions } from '../../api/services/audit/retention.ts';
import { verifyChain } from '../../api/services/audit/verify.ts';
import { startTestPlatform } from '../helpers/platform.ts';

const p = await startTestPlatform(t, { AUDIT_RETENTION_MONTHS: '2', AUDIT_PARTITIONS_AHEAD: '3' });
const db = p.platform.pg.db;
const partitions = async () =>
  (await db.raw(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_log'::regclass ORDER BY 1`)).rows.map(
    (r: { name: string }) => r.name,
  );
const month = (d: Date) => `audit_log_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
const shift = (months: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 15));
};

t.test('at start, this month and the months ahead have partitions (and the DEFAULT one catches strays)', async (t) => {
  const names = await partitions();
  for (const m of [0, 1, 2, 3]) t.ok(names.includes(month(shift(m))), `${month(shift(m))} exists`);
  t.ok(names.includes('audit_log_default'));
});

t.test('retention drops whole months older than AUDIT_RETENTION_MONTHS, with their rows, and nothing newer', async (t) => {
  await p.api('POST', '/auth/login', { body: { email: 'nobody@retention.example', password: 'x' } });
  const rowsNow = Number((await db('audit_log').count({ n: '*' }).first())!.n);
  t.ok(rowsNow > 0);
  // Four months from now with a 2-month retention: this month's partition (and its rows) must go.
  const later = shift(4);
  const dropped = await maintainAuditPartitions(db, p.platform.config.audit, later);
  t.ok(dropped.includes(month(shift(0))), `dropped ${dropped.join(', ')}`);
  t.notOk(dropped.includes(month(shift(2))), 'two months before "now" stay');
  const names = await partitions();
  t.notOk(names.includes(month(shift(0))));
  for (const m of [2, 3, 4, 5, 6, 7]) t.ok(names.includes(month(shift(m))), `${month(shift(m))} kept or created ahead`);
  t.equal(Number((await db('audit_log').count({ n: '*' }).first())!.n), 0, 'the dropped month took its rows');
  t.same(await maintainAuditPartitions(db, p.platform.config.audit, later), [], 'running again drops nothing more');
  // A chain whose newest row is younger than the retention must still have it; once it aged out, none is expected.
  t.match(await verifyChain(db, 0, new Date(0)), { ok: false, rows_checked: 0, first_broken: { reason: 'head' } });
  t.match(await verifyChain(db, 0, shift(2)), { ok: true, rows_checked: 0 });
});
