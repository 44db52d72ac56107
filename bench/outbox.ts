/**
 * `npm run bench:outbox [-- --mails 2000 --workers 1,3]`: queues mails in embedded PostgreSQL and sends
 * them through the real outbox worker to a local SMTP server (`smtp-server`), printing mails/s for one
 * and for several workers sharing the outbox (SKIP LOCKED claims), and the cost of enqueueing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { enqueueMail } from '../api/services/mail/outbox.ts';
import { createMailTransport } from '../api/services/mail/transport.ts';
import { MailWorker } from '../api/services/mail/worker.ts';
import { loadConfig } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';
import { startPostgres } from '../core/postgres.ts';
import { migratePostgres } from '../db/migrate.ts';

const { values } = parseArgs({ options: { mails: { type: 'string', default: '2000' }, workers: { type: 'string', default: '1,3' } } });
const MAILS = Number(values.mails);
const WORKER_COUNTS = values.workers.split(',').map(Number);

let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = (smtp.server.address() as { port: number }).port;

const dir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-bench-outbox-'));
const log = createLogger('warn');
const config = loadConfig({ MYBEACON_DATA_DIR: dir, SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_POLL_INTERVAL_MS: '100000' });
const pg = await startPostgres(config.postgres, log);

try {
  await migratePostgres(pg.db, log);
  for (const workers of WORKER_COUNTS) {
    await pg.db('mail_outbox').delete();
    received = 0;
    const enqueued = performance.now();
    await pg.db.transaction(async (trx) => {
      for (let i = 0; i < MAILS; i++) {
        await enqueueMail(trx, { to: `user${i}@bench.example`, subject: `Bench ${i}`, text: `Hello ${i}\nhttps://beacon.example/reset-password?token=${'x'.repeat(43)}`, html: `<p>Hello ${i}</p>`, kind: 'bench' });
      }
    });
    const enqueueMs = performance.now() - enqueued;
    const pool = Array.from({ length: workers }, () => new MailWorker({ db: pg.db, log, transport: createMailTransport(config.mail), config: config.mail }));
    const started = performance.now();
    // Each worker drains batches until nothing is due; together they must send every mail once.
    await Promise.all(pool.map((w) => w.runOnce()));
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(pool.map((w) => w.stop()));
    const sent = Number((await pg.db('mail_outbox').where({ status: 'sent' }).count({ n: '*' }).first())!.n);
    console.log(
      `${workers} worker(s): ${sent}/${MAILS} sent, ${received} received by SMTP, ${(sent / seconds).toFixed(0)} mails/s; enqueue ${((enqueueMs * 1000) / MAILS).toFixed(0)} µs/mail`,
    );
  }
} finally {
  await pg.stop();
  smtp.close();
  await rm(dir, { recursive: true, force: true });
}
