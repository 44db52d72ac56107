import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { AppError, unauthorized } from '../../core/errors.ts';
import type { ApiContext } from '../context.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison of a presented bearer token with the configured one (hashed first: equal lengths). */
const tokenMatches = (presented: string | undefined, expected: string) => presented !== undefined && timingSafeEqual(digest(presented), digest(expected));

/**
 * Probes for load balancers and systemd, outside /api/v1 where such tools look for them:
 * `/healthz` (the process answers), `/readyz` (it can do its job: 503 with the failing checks otherwise),
 * and `/metrics` for Prometheus — only with METRICS_TOKEN (as a bearer token); without one it is served
 * on METRICS_LISTEN alone, never publicly by default.
 */
export function operationsRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res, next) => {
    try {
      const readiness = await ctx.monitoring.readiness();
      res.set('Cache-Control', 'no-store').status(readiness.ready ? 200 : 503).json({ status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks });
    } catch (err) {
      next(err);
    }
  });
  router.get('/metrics', async (req, res, next) => {
    try {
      const expected = ctx.config.monitoring.metricsToken;
      if (!expected) throw new AppError(404, 'route_not_found', 'Metrics are served on METRICS_LISTEN, or here with METRICS_TOKEN set');
      if (!tokenMatches(req.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1], expected)) throw unauthorized('metrics_token_required', 'A valid metrics bearer token is required');
      const metrics = ctx.monitoring.metrics;
      res.set('Content-Type', metrics.contentType).send(await metrics.exposition());
    } catch (err) {
      next(err);
    }
  });
  return router;
}
