import type { PlatformAlert } from '../../core/bus.ts';
import { HostSnapshot, MonitoringSample } from '../../core/monitoring.ts';
import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { QueryInstant } from '../http/schemas.ts';

const Alert = z
  .object({
    id: z.number().int(),
    kind: z.enum(['receivers_offline', 'ingest_backlog', 'clickhouse_unavailable', 'disk_nearly_full']),
    severity: z.enum(['warning', 'critical']),
    raised_at: z.string().openapi({ format: 'date-time' }),
    resolved_at: z.string().nullable().openapi({ format: 'date-time' }),
    details: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())])),
  })
  .openapi('Alert');

const presentAlert = (a: PlatformAlert) => ({
  id: a.id,
  kind: a.kind,
  severity: a.severity,
  raised_at: a.raisedAt.toISOString(),
  resolved_at: a.resolvedAt?.toISOString() ?? null,
  details: a.details,
});

/** /monitoring: the host and the platform's own figures, and alerts; the superadmin's dashboard reads these. */
export function monitoringRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['superadmin: monitoring'];

  router.route({
    method: 'get',
    path: '/monitoring/host',
    summary: 'Host figures now: CPU, memory, network, load, disk io and usage (the prototype\'s shape)',
    tags,
    guard: 'superadmin',
    response: HostSnapshot,
    handler: () => ctx.monitoring.sampler.host(),
  });

  router.route({
    method: 'get',
    path: '/monitoring/samples',
    summary: 'Recent samples of host rates and platform figures (devices online, events/s, queue depth, INSERT time) for live charts',
    tags,
    guard: 'superadmin',
    query: z.object({ since: QueryInstant.optional().openapi({ description: 'only samples taken after this instant' }) }),
    response: z.object({ interval_ms: z.number().int(), samples: z.array(MonitoringSample) }),
    handler: async ({ query }) => ({
      interval_ms: ctx.config.monitoring.intervalMs,
      samples: ctx.monitoring.sampler.samples(query.since),
    }),
  });

  router.route({
    method: 'get',
    path: '/monitoring/alerts',
    summary: 'Active alerts and recently resolved ones',
    tags,
    guard: 'superadmin',
    response: z.object({ active: z.array(Alert), recent: z.array(Alert) }),
    handler: async () => {
      const { active, recent } = ctx.monitoring.alerts.list();
      return { active: active.map(presentAlert), recent: recent.map(presentAlert) };
    },
  });
}
