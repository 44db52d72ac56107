import type { Bus, PlatformAlert } from '../core/bus.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import { listActiveSuperadmins } from '../db/repositories/users.ts';
import { mailLocale, type MailLocale } from '../api/services/accounts/mails.ts';
import { renderMail, type MailContent } from '../api/services/mail/layout.ts';
import { enqueueMail } from '../api/services/mail/outbox.ts';

export interface AlertMailDeps {
  db: Db;
  bus: Bus;
  log: Logger;
  /** Base URL of the web UI: the mail links to the Monitoring page. */
  publicUrl(): string;
}

/**
 * Mails every active superadmin when an alert is raised and when it is resolved, in their language,
 * through the outbox (so a mail server that is down delays the news but loses none of it).
 */
export function mailAlerts(deps: AlertMailDeps): () => void {
  const send = (alert: PlatformAlert, state: 'raised' | 'resolved') =>
    queueAlertMails(deps, alert, state).catch((err: unknown) => deps.log.warn({ err, alert: alert.kind }, 'could not queue the alert mail'));
  const offRaised = deps.bus.on('alert.raised', (alert) => void send(alert, 'raised'));
  const offResolved = deps.bus.on('alert.resolved', (alert) => void send(alert, 'resolved'));
  return () => {
    offRaised();
    offResolved();
  };
}

async function queueAlertMails(deps: AlertMailDeps, alert: PlatformAlert, state: 'raised' | 'resolved'): Promise<void> {
  const url = new URL('admin/monitoring', deps.publicUrl().replace(/\/?$/, '/')).toString();
  const admins = await listActiveSuperadmins(deps.db);
  for (const admin of admins) {
    const mail = renderMail(alertMail(mailLocale(admin.locale), alert, state, url));
    await enqueueMail(deps.db, { to: admin.email, kind: `alert_${state}`, ...mail });
  }
}

/** What the alert says, in words; the figures are the evaluator's (monitoring/alerts.ts). */
function describe(locale: MailLocale, alert: PlatformAlert): string {
  const d = alert.details;
  const ru = locale === 'ru';
  switch (alert.kind) {
    case 'receivers_offline': {
      const minutes = Math.round(Number(d.threshold_seconds) / 60);
      const macs = Array.isArray(d.macs) ? d.macs.join(', ') : '';
      return ru
        ? `Приёмников не в сети дольше ${minutes} мин: ${d.count} (${macs}).`
        : `${d.count} receiver(s) offline for more than ${minutes} min (${macs}).`;
    }
    case 'ingest_backlog':
      return ru
        ? `Очередь приёма: ${d.pending_events} событий ждут записи (порог ${d.threshold_events}).`
        : `Ingest backlog: ${d.pending_events} events waiting to be stored (threshold ${d.threshold_events}).`;
    case 'clickhouse_unavailable':
      return ru ? 'ClickHouse не отвечает: события не сохраняются.' : 'ClickHouse does not answer: events are not being stored.';
    case 'disk_nearly_full':
      return ru
        ? `Диск с данными заполнен на ${d.percent}% (порог ${d.threshold_percent}%).`
        : `The data disk is ${d.percent}% full (threshold ${d.threshold_percent}%).`;
  }
}

function alertMail(locale: MailLocale, alert: PlatformAlert, state: 'raised' | 'resolved', url: string): MailContent {
  const what = describe(locale, alert);
  if (locale === 'ru') {
    return {
      subject: state === 'raised' ? `MyBeacon: тревога — ${what}` : `MyBeacon: тревога снята — ${what}`,
      greeting: 'Здравствуйте,',
      paragraphs: [state === 'raised' ? `Платформа подняла тревогу: ${what}` : `Тревога снята (условие больше не выполняется): ${what}`],
      action: { label: 'Открыть мониторинг', url },
      footer: ['Вы получаете это письмо как суперадминистратор MyBeacon.'],
    };
  }
  return {
    subject: state === 'raised' ? `MyBeacon alert: ${what}` : `MyBeacon alert resolved: ${what}`,
    greeting: 'Hello,',
    paragraphs: [state === 'raised' ? `The platform raised an alert: ${what}` : `This alert is over (its condition no longer holds): ${what}`],
    action: { label: 'Open monitoring', url },
    footer: ['You receive this because you are a MyBeacon superadmin.'],
  };
}
