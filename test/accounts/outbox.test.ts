import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { enqueueMail } from '../../api/services/mail/outbox.ts';
import { createMailTransport } from '../../api/services/mail/transport.ts';
import { MailWorker } from '../../api/services/mail/worker.ts';
import { freePort } from '../../core/postgres.ts';
import { insertMail, type MailRow } from '../../db/repositories/mail-outbox.ts';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { freshIp } from './fixtures.ts';

// The mail server's port is chosen now, but nothing listens there until the first test starts it.
const smtpPort = await freePort();
const p = await startTestPlatform(t, {
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  MAIL_POLL_INTERVAL_MS: '50',
  MAIL_RETRY_BASE_SECONDS: '1',
  MAIL_MAX_ATTEMPTS: '3',
});
const db = p.platform.pg.db;
const admin = await p.adminToken();
// Started by the first test, used by all: its lifetime is the file's.
const root = t;
const refuse = { current: (_address: string) => false };
let smtp: TestSmtp;

/** Polls the outbox row until it satisfies `done` (the worker updates it in the background). */
async function rowUntil(id: number, done: (row: MailRow) => boolean, timeoutMs = 20_000): Promise<MailRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = (await db<MailRow>('mail_outbox').where({ id }).first())!;
    if (done(row)) return row;
    if (Date.now() > deadline) throw new Error(`mail ${id} stuck: ${JSON.stringify(row)}`);
    await sleep(50);
  }
}

t.test('a mail server that is down loses nothing and blocks no request: the mail goes out once it is up', async (t) => {
  const started = performance.now();
  const res = await p.api('POST', '/auth/forgot-password', { body: { email: ADMIN.email }, headers: freshIp() });
  t.equal(res.status, 202);
  t.ok(performance.now() - started < 2000, 'the request did not wait for the mail server');
  const mail = (await db<MailRow>('mail_outbox').where({ to_address: ADMIN.email, kind: 'reset_password' }).first())!;
  const failed = await rowUntil(mail.id, (r) => r.attempts >= 1 && r.status === 'queued' && r.last_error !== null);
  t.match(failed.last_error, /ECONNREFUSED|connect/i, 'the failure is recorded');
  t.ok(failed.next_attempt_at.getTime() > Date.now() - 100, 'and a retry is scheduled');

  smtp = await startTestSmtp(root, { port: smtpPort, refuse });
  const received = await smtp.waitFor((m) => m.rcptTo.includes(ADMIN.email));
  t.match(received.subject, /Reset your MyBeacon password/);
  const sent = await rowUntil(mail.id, (r) => r.status === 'sent');
  t.equal(sent.last_error, null);
  t.ok(sent.sent_at);
  t.ok(sent.attempts >= 2);
});

t.test('a mail the server refuses, or one that cannot be sent at all, fails alone; the others go out', async (t) => {
  refuse.current = (address) => address === 'gone@outbox.example';
  const rows = await db.transaction(async (trx) => [
    await enqueueMail(trx, { to: 'gone@outbox.example', subject: 'poison 550', text: 'x', kind: 'test' }),
    // enqueueMail refuses such an address; a row written by hand (or by an older version) gets through.
    await insertMail(trx, { to_address: 'not an address', subject: 'poison address', text_body: 'x', html_body: null, kind: 'test' }),
    ...(await Promise.all([1, 2, 3].map((i) => enqueueMail(trx, { to: `fine${i}@outbox.example`, subject: `fine ${i}`, text: 'hello', kind: 'test' })))),
  ]);
  for (const i of [1, 2, 3]) await smtp.waitFor((m) => m.subject === `fine ${i}`);
  const refused = await rowUntil(rows[0]!.id, (r) => r.status === 'failed');
  t.equal(refused.attempts, 1, 'a permanent 5xx refusal is not retried');
  t.match(refused.last_error, /550|Mailbox does not exist/);
  const broken = await rowUntil(rows[1]!.id, (r) => r.status === 'failed');
  t.equal(broken.attempts, 3, 'a mail that keeps failing is given up after MAIL_MAX_ATTEMPTS');

  refuse.current = () => false;
  const owner = await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Peeker', owner: { email: 'peek@outbox.example', password: 'peeker-password' } } });
  t.equal(owner.status, 201);
  const peek = await p.login('peek@outbox.example', 'peeker-password');
  t.equal((await p.api('GET', '/superadmin/outbox', { token: peek })).status, 403, 'the outbox is the superadmin\'s');
  t.equal((await p.api('POST', `/superadmin/outbox/${refused.id}/resend`, { token: peek })).status, 403);

  const list = await p.api('GET', '/superadmin/outbox?status=failed', { token: admin });
  t.equal(list.status, 200);
  t.equal(list.body.smtp_configured, true);
  t.ok(list.body.items.every((m: { status: string }) => m.status === 'failed'));
  t.ok(list.body.items.some((m: { id: number }) => m.id === refused.id));
  t.ok(list.body.counts.failed >= 2);

  const resend = await p.api('POST', `/superadmin/outbox/${refused.id}/resend`, { token: admin });
  t.equal(resend.status, 200);
  t.equal(resend.body.status, 'queued');
  await smtp.waitFor((m) => m.subject === 'poison 550');
  t.equal((await rowUntil(refused.id, (r) => r.status === 'sent')).status, 'sent', 'resent by the superadmin once the mailbox exists');
  t.equal((await p.api('POST', '/superadmin/outbox/999999/resend', { token: admin })).status, 404);
  t.equal((await p.api('GET', '/superadmin/outbox?status=lost', { token: admin })).status, 400);
});

t.test('enqueueMail refuses anything but one plain address (it becomes the SMTP envelope)', async (t) => {
  for (const to of ['a@b.example\r\nRCPT TO:<spy@evil.example>', 'a@b.example, spy@evil.example', 'Name <a@b.example>', '']) {
    await t.rejects(db.transaction((trx) => enqueueMail(trx, { to, subject: 's', text: 't', kind: 'test' })), /not a single e-mail address/);
  }
});

t.test('several workers on one outbox send every mail exactly once', async (t) => {
  const config = p.platform.config.mail;
  const workers = [1, 2].map(() => new MailWorker({ db, log: p.platform.log, transport: createMailTransport(config), config }));
  const subjects = Array.from({ length: 30 }, (_, i) => `parallel ${i}`);
  await db.transaction(async (trx) => {
    for (const subject of subjects) await enqueueMail(trx, { to: 'many@outbox.example', subject, text: subject, kind: 'test' });
  });
  await Promise.all([...workers.map((w) => w.runOnce()), p.platform.mail.runOnce()]);
  for (const subject of subjects) await smtp.waitFor((m) => m.subject === subject);
  await Promise.all(workers.map((w) => w.stop()));
  await p.platform.mail.runOnce();
  const counts = subjects.map((s) => smtp.received.filter((m) => m.subject === s).length);
  t.same(counts, subjects.map(() => 1));
  t.equal(Number((await db('mail_outbox').where({ to_address: 'many@outbox.example', status: 'sent' }).count({ n: '*' }).first())!.n), 30);
});
