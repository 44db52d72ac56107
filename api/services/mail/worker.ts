import type { Config } from '../../../core/config.ts';
import type { Logger } from '../../../core/logger.ts';
import type { Db } from '../../../core/postgres.ts';
import { claimDueMails, deleteOldMails, holdQueuedMails, markMailFailed, markMailSent, type MailRow } from '../../../db/repositories/mail-outbox.ts';
import type { MailTransport } from './transport.ts';

const NO_SMTP_REASON = 'not sent — no SMTP configured';

const BATCH = 20;
// Longer than one SMTP attempt can take (timeouts in transport.ts), so a live worker never loses its lock.
const LOCK_SECONDS = 120;
const MAX_BACKOFF_SECONDS = 6 * 3600;
const PRUNE_EVERY_MS = 3600_000;

/**
 * Sends the outbox: claims due mails, sends each on its own (one bad mail fails alone), retries
 * failures with exponential back-off and gives up after `maxAttempts`. Without a transport it marks
 * queued mails as held, for the superadmin to read in the outbox. Safe to run in several processes.
 */
export class MailWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private prunedAt = 0;

  constructor(
    private readonly deps: { db: Db; log: Logger; transport: MailTransport | null; config: Config['mail'] },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.deps.transport?.close();
  }

  /** One pass over what is due now; resolves when those mails are sent or rescheduled. */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runOnce()
        .catch((err: unknown) => this.deps.log.error({ err }, 'mail outbox pass failed'))
        .finally(() => this.schedule(this.deps.config.pollIntervalMs));
    }, delayMs);
    this.timer.unref();
  }

  /** Deletes finished mails older than the retention: their bodies carry links, which should not linger. */
  async prune(): Promise<number> {
    this.prunedAt = Date.now();
    const deleted = await deleteOldMails(this.deps.db, new Date(Date.now() - this.deps.config.retentionDays * 86400_000));
    if (deleted) this.deps.log.info({ deleted }, 'old mails removed from the outbox');
    return deleted;
  }

  private async pass(): Promise<void> {
    const { db, transport } = this.deps;
    if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) await this.prune();
    if (!transport) {
      const held = await holdQueuedMails(db, NO_SMTP_REASON);
      if (held) this.deps.log.info({ held }, 'mail kept in the outbox: no SMTP configured (superadmin: Outbox page)');
      return;
    }
    for (;;) {
      const batch = await claimDueMails(db, BATCH, LOCK_SECONDS);
      // The pooled transport spreads a batch over its few connections; each mail still succeeds or fails alone.
      await Promise.all(batch.map((mail) => this.deliver(transport, mail)));
      if (batch.length < BATCH || this.stopped) return;
    }
  }

  private async deliver(transport: MailTransport, mail: MailRow): Promise<void> {
    const { db, log, config } = this.deps;
    try {
      const messageId = await transport.send(mail);
      await markMailSent(db, mail.id, messageId);
      log.debug({ mail: mail.id, kind: mail.kind }, 'mail sent');
    } catch (err) {
      const error = describe(err);
      const permanent = isPermanent(err);
      const retryAt = permanent || mail.attempts >= config.maxAttempts ? null : new Date(Date.now() + backoffSeconds(config.retryBaseSeconds, mail.attempts) * 1000);
      // Should even this write fail, the mail's lock runs out and it is retried; the rest of the batch goes on.
      await markMailFailed(db, mail.id, error, retryAt).catch((dbErr: unknown) => log.error({ err: dbErr, mail: mail.id }, 'could not record a mail failure'));
      log.warn({ mail: mail.id, kind: mail.kind, attempts: mail.attempts, error, retryAt }, retryAt ? 'mail not sent; will retry' : 'mail not sent; giving up');
    }
  }
}

/** base·2^(n−1) seconds with ±20 % jitter (so a recovering server isn't hit by every mail at once), capped at 6 h. */
export function backoffSeconds(baseSeconds: number, attempts: number): number {
  const plain = Math.min(baseSeconds * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_SECONDS);
  return plain * (0.8 + Math.random() * 0.4);
}

// A 5xx reply (mailbox does not exist, message refused) will not change by retrying; anything else may.
const isPermanent = (err: unknown): boolean => {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

// PostgreSQL text refuses NUL; a server's reply is untrusted input.
const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\u0000/g, '').slice(0, 500);
