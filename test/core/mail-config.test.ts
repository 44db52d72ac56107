import t from 'tap';
import { loadConfig } from '../../core/config.ts';
import { problemsOf } from './config-problems.ts';

t.test('mail settings are validated at start with the variable named, secrets redacted', async (t) => {
  const [bad] = problemsOf({ SMTP_URL: 'http://user:secret@mail.example.com' });
  t.match(bad, /^SMTP_URL:/);
  t.notMatch(bad, /secret/, 'the password in the URL is not echoed');
  t.match(problemsOf({ MAIL_FROM: 'MyBeacon <a@b.c>\r\nBcc: spy@evil.example' })[0], /^MAIL_FROM: must be one line/);
  t.match(problemsOf({ MAIL_MAX_ATTEMPTS: '0' })[0], /^MAIL_MAX_ATTEMPTS:/);
  t.match(problemsOf({ MYBEACON_PUBLIC_URL: 'beacon.example.com' })[0], /^MYBEACON_PUBLIC_URL:/);
});

t.test('without SMTP_URL mail stays in the outbox; with it, smtp and smtps are accepted', async (t) => {
  t.equal(loadConfig({}).mail.smtpUrl, undefined);
  t.equal(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465' }).mail.smtpUrl, 'smtps://u:p@mail.example.com:465');
  t.equal(loadConfig({ SMTP_TLS_REJECT_UNAUTHORIZED: '0' }).mail.tlsRejectUnauthorized, false);
  t.equal(loadConfig({}).accounts.resetTtlMinutes, 60);
});
