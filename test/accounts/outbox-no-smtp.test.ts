import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';
import { tokenOf } from '../helpers/smtp.ts';

// The embedded default: no SMTP_URL at all.
const p = await startTestPlatform(t, { MAIL_POLL_INTERVAL_MS: '50' });
const admin = await p.adminToken();

interface OutboxItem {
  id: number;
  to: string;
  kind: string;
  status: string;
  last_error: string | null;
  links: string[];
}

async function outboxItem(to: string, kind: string): Promise<OutboxItem> {
  for (;;) {
    await p.platform.mail.runOnce();
    const list = await p.api('GET', `/superadmin/outbox?q=${encodeURIComponent(to)}`, { token: admin });
    const item = (list.body.items as OutboxItem[]).find((m) => m.kind === kind && m.status !== 'queued');
    if (item) return item;
  }
}

t.test('without SMTP a newcomer completes sign-up from the superadmin\'s outbox, where mails wait marked "no SMTP"', async (t) => {
  const email = 'newcomer@nosmtp.example';
  const res = await p.api('POST', '/auth/signup', { body: { email, password: 'newcomer-password', organization: 'No Mail Inc', phone: '123' } });
  t.equal(res.status, 202);
  const item = await outboxItem(email, 'verify_email');
  t.equal(item.status, 'no_smtp');
  t.equal(item.last_error, 'not sent — no SMTP configured');
  const list = await p.api('GET', '/superadmin/outbox', { token: admin });
  t.equal(list.body.smtp_configured, false);
  t.equal(list.body.counts.no_smtp, list.body.total, 'every mail is held');

  const link = item.links.find((l) => new URL(l).pathname === '/verify-email')!;
  t.ok(link, 'the outbox shows the link');
  t.equal((await p.api('POST', '/auth/verify-email', { body: { token: tokenOf(link) } })).status, 200);
  t.ok(await p.login(email, 'newcomer-password'));

  const again = await p.api('POST', `/superadmin/outbox/${item.id}/resend`, { token: admin });
  t.equal(again.body.status, 'queued');
  t.equal((await outboxItem(email, 'verify_email')).status, 'no_smtp', 'a resend without SMTP is held again');
});

t.test('without SMTP a forgotten password is reset from the outbox link', async (t) => {
  const org = await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Held', owner: { email: 'held@nosmtp.example', password: 'held-password-1' } } });
  t.equal(org.status, 201);
  t.equal((await p.api('POST', '/auth/forgot-password', { body: { email: 'held@nosmtp.example' } })).status, 202);
  const item = await outboxItem('held@nosmtp.example', 'reset_password');
  const link = item.links.find((l) => new URL(l).pathname === '/reset-password')!;
  t.equal((await p.api('POST', '/auth/reset-password', { body: { token: tokenOf(link), password: 'held-password-2' } })).status, 200);
  t.ok(await p.login('held@nosmtp.example', 'held-password-2'));
});

t.test('finished mails leave the outbox after MAIL_RETENTION_DAYS; unfinished ones stay', async (t) => {
  const db = p.platform.pg.db;
  const old = new Date(Date.now() - 31 * 86400_000);
  const base = { subject: 'old', text_body: 'x', kind: 'test', created_at: old };
  await db('mail_outbox').insert([
    { ...base, to_address: 'old-sent@nosmtp.example', status: 'sent' },
    { ...base, to_address: 'old-held@nosmtp.example', status: 'no_smtp' },
    { ...base, to_address: 'old-sending@nosmtp.example', status: 'sending', locked_until: new Date(Date.now() + 3600_000) },
    { ...base, to_address: 'new-sent@nosmtp.example', status: 'sent', created_at: new Date() },
  ]);
  t.equal(await p.platform.mail.prune(), 2);
  const left = (await db('mail_outbox').whereLike('to_address', '%-%@nosmtp.example').pluck('to_address')).sort();
  t.same(left, ['new-sent@nosmtp.example', 'old-sending@nosmtp.example']);
});
