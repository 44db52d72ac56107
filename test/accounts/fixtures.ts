import type { Test } from 'tap';
import type { TestPlatform } from '../helpers/platform.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';

/** A platform that mails through a real SMTP server on a spare port, polling its outbox often. */
export async function startMailingPlatform(t: Test, env: Record<string, string> = {}): Promise<{ p: TestPlatform; smtp: TestSmtp }> {
  const smtp = await startTestSmtp(t);
  const p = await startTestPlatform(t, { SMTP_URL: smtp.url, MAIL_POLL_INTERVAL_MS: '50', ...env });
  return { p, smtp };
}

let ipCounter = 0;

/** A fresh client address (via X-Forwarded-For from loopback, which the app trusts), so per-IP limits of one test don't touch another. */
export const freshIp = (): Record<string, string> => ({ 'x-forwarded-for': `198.51.100.${++ipCounter}` });

/** Mails sent to an address, with the given subject pattern. */
export const mailTo = (address: string, subject: RegExp) => (m: { rcptTo: string[]; subject: string }) => m.rcptTo.includes(address) && subject.test(m.subject);
