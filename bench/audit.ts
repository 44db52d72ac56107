/**
 * `npm run bench:audit [-- --rows 3000 --writers 1,8 --chains 1,8]`: audit rows per second into embedded
 * PostgreSQL with the per-organization hash chain (advisory lock, head row, sha256), for one writer and for
 * several concurrent writers on one chain (serialized) and on separate chains (parallel); and the verify
 * walk's rows per second. Each row is its own transaction, as a request's is (so commit fsync dominates);
 * the cost inside an existing transaction is measured separately.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { recordAudit } from '../api/services/audit/record.ts';
import { verifyChain } from '../api/services/audit/verify.ts';
import { loadConfig } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';
import { startPostgres } from '../core/postgres.ts';
import { migratePostgres } from '../db/migrate.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '3000' }, writers: { type: 'string', default: '1,8' }, chains: { type: 'string', default: '1,8' } } });
const ROWS = Number(values.rows);
const WRITERS = values.writers.split(',').map(Number);
const CHAINS = values.chains.split(',').map(Number);

const dir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-bench-audit-'));
const log = createLogger('warn');
const config = loadConfig({ MYBEACON_DATA_DIR: dir });
const pg = await startPostgres(config.postgres, log);
await migratePostgres(pg.db, log);

// A typical change row: a tag rename with before → after and a few details.
const event = (organizationId: number, i: number) => ({
  kind: 'update' as const,
  action: 'ble.tag.update',
  organizationId,
  actor: { userId: 7, email: 'operator@bench.example' },
  object: { type: 'tag', id: i, label: `Велосипед №${i}` },
  before: { name: `Велосипед №${i}` },
  after: { name: `Велосипед №${i + 1}` },
  details: { source: 'bench' },
});

let chainBase = 1000;
try {
  for (const writers of WRITERS) {
    for (const chains of CHAINS) {
      if (chains > writers) continue;
      const base = (chainBase += 100);
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = next++; i < ROWS; i = next++) await recordAudit(pg.db, event(base + (w % chains), i));
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      console.log(`${writers} writer(s) on ${chains} chain(s): ${ROWS} rows in ${seconds.toFixed(2)} s = ${Math.round(ROWS / seconds)} rows/s`);
    }
  }
  // The chain's own cost inside a change's transaction (no commit per row): lock, head, sha256, insert, head update.
  const inTx = performance.now();
  await pg.db.transaction(async (trx) => {
    for (let i = 0; i < ROWS; i++) await recordAudit(trx, event(chainBase + 99, i));
  });
  const inTxMs = (performance.now() - inTx) / ROWS;
  console.log(`inside one transaction: ${inTxMs.toFixed(2)} ms per audit row (${Math.round(1000 / inTxMs)} rows/s), the cost a change pays on top of its own commit`);
  const started = performance.now();
  const report = await verifyChain(pg.db, chainBase, new Date(0));
  const seconds = (performance.now() - started) / 1000;
  console.log(`verify: ${report.rows_checked} rows in ${seconds.toFixed(2)} s = ${Math.round(report.rows_checked / seconds)} rows/s (ok: ${report.ok})`);
} finally {
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
