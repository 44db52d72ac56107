import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Test } from 'tap';

export interface ReceivedMail {
  /** SMTP envelope recipients: who the server was really asked to deliver to. */
  rcptTo: string[];
  mailFrom: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail['headers'];
  raw: string;
  /** Whether the SMTP session was encrypted (implicit TLS or STARTTLS). */
  secure: boolean;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Resolves with the first mail (already received or still to come) that matches. */
  waitFor(match: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** The first link in a mail's text whose path starts with `path` (e.g. `/verify-email`). */
  linkIn(mail: ReceivedMail, path: string): string;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on a spare loopback port, keeping what it receives.
 * Pass `port` to listen on a port chosen earlier (a mail server that comes up late), `refuse` to
 * answer 550 for some recipients (read at each RCPT TO, so a test may change it).
 */
export async function startTestSmtp(
  t: Test,
  opts: { port?: number; refuse?: { current: (address: string) => boolean }; tls?: 'implicit' | 'starttls' } = {},
): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const waiters: Array<{ match: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }> = [];
  const server = new SMTPServer({
    authOptional: true,
    // No reverse DNS per connection: it only adds the resolver's latency here.
    disableReverseLookup: true,
    // TLS uses smtp-server's bundled self-signed localhost certificate.
    secure: opts.tls === 'implicit',
    disabledCommands: opts.tls ? [] : ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (opts.refuse?.current(address.address)) {
        callback(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            const mail: ReceivedMail = {
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? ''),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: parsed.headers,
              raw,
              secure: session.secure,
            };
            received.push(mail);
            for (const w of [...waiters]) {
              if (w.match(mail)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(mail);
              }
            }
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  let closed = false;
  const close = () =>
    closed ? Promise.resolve() : ((closed = true), new Promise<void>((resolve) => server.close(() => resolve())));
  t.teardown(close);
  return {
    port,
    url: `${opts.tls === 'implicit' ? 'smtps' : 'smtp'}://127.0.0.1:${port}`,
    received,
    waitFor(match, timeoutMs = 20_000) {
      const already = received.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching mail within ${timeoutMs} ms; received: ${received.map((m) => `${m.rcptTo.join(',')}: ${m.subject}`).join(' | ')}`)), timeoutMs);
        waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    linkIn(mail, path) {
      const link = (mail.text.match(/https?:\/\/\S+/g) ?? []).find((l) => new URL(l).pathname === path);
      if (!link) throw new Error(`no ${path} link in mail "${mail.subject}":\n${mail.text}`);
      return link;
    },
    close,
  };
}

/** The `token` parameter of a link from a mail. */
export const tokenOf = (link: string): string => new URL(link).searchParams.get('token')!;
