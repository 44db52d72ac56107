import t from 'tap';
import { createMailTransport } from '../../api/services/mail/transport.ts';
import { loadConfig } from '../../core/config.ts';
import type { MailRow } from '../../db/repositories/mail-outbox.ts';
import { startTestSmtp } from '../helpers/smtp.ts';

const mail = (subject: string) => ({ id: 1, to_address: 'tls@mail.example', subject, text_body: 'hello', html_body: '<p>hello</p>', kind: 'test' }) as MailRow;
const transportFor = (env: Record<string, string>) => createMailTransport(loadConfig(env).mail)!;

t.test('SMTP over implicit TLS (smtps://) delivers when the certificate is accepted', async (t) => {
  const smtp = await startTestSmtp(t, { tls: 'implicit' });
  const transport = transportFor({ SMTP_URL: smtp.url, SMTP_TLS_REJECT_UNAUTHORIZED: '0', MAIL_FROM: 'Beacon <beacon@mail.example>' });
  t.teardown(() => transport.close());
  t.ok(await transport.send(mail('over tls')), 'the server gave a message id');
  const received = await smtp.waitFor((m) => m.subject === 'over tls');
  t.equal(received.secure, true);
  t.equal(received.mailFrom, 'beacon@mail.example', 'the envelope sender is MAIL_FROM’s address');
  t.same(received.rcptTo, ['tls@mail.example']);
});

t.test('a self-signed mail server certificate is refused unless SMTP_TLS_REJECT_UNAUTHORIZED=0', async (t) => {
  const smtp = await startTestSmtp(t, { tls: 'implicit' });
  const transport = transportFor({ SMTP_URL: smtp.url });
  t.teardown(() => transport.close());
  await t.rejects(transport.send(mail('refused')), /certificate/i);
  t.equal(smtp.received.length, 0);
});

t.test('plain smtp:// upgrades with STARTTLS when the server offers it', async (t) => {
  const smtp = await startTestSmtp(t, { tls: 'starttls' });
  const transport = transportFor({ SMTP_URL: smtp.url, SMTP_TLS_REJECT_UNAUTHORIZED: '0' });
  t.teardown(() => transport.close());
  await transport.send(mail('upgraded'));
  t.equal((await smtp.waitFor((m) => m.subject === 'upgraded')).secure, true);
});
