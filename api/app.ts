import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express, type Request } from 'express';
import type { ApiContext } from './context.ts';
import { errorHandler, notFoundHandler } from './http/errors.ts';
import { operationsRouter } from './http/operations.ts';
import { createOpenApiRegistry, DOCS_PAGE, generateOpenApiDocument } from './http/openapi.ts';
import { auditRefusals } from './http/audit-refusals.ts';
import { requestContext, setActor } from './http/request-context.ts';
import { ApiRouter } from './http/router.ts';
import { inlineScriptHashes, securityHeaders } from './http/security-headers.ts';
import { registerRoutes } from './routes/index.ts';
import { legacyBatchBody } from './routes/legacy-bridge.ts';
import { authenticateAccessToken, type Principal } from './services/auth.ts';
import { organizationAccess } from './services/organizations.ts';

const principals = new WeakMap<Request, Promise<Principal | undefined>>();

/** Builds the Express app: JSON API under /api/v1 (with OpenAPI docs) and the web UI's static build at /. */
export function createApp(ctx: ApiContext, opts: { webBuildDir?: string } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind nginx in production; client IPs (rate limits, audit) come from X-Forwarded-For only from TRUSTED_PROXIES.
  app.set('trust proxy', [...ctx.config.trustedProxies]);
  const webDir = opts.webBuildDir;
  const spaIndex = webDir ? path.join(webDir, 'index.html') : undefined;
  const spaHtml = spaIndex && existsSync(spaIndex) ? readFileSync(spaIndex, 'utf8') : undefined;
  app.use(
    securityHeaders({
      https: ctx.config.http.cookieSecure,
      inlineScripts: inlineScriptHashes(DOCS_PAGE, spaHtml ?? ''),
      // Each dashboard link has its own host under TUNNEL_DASHBOARD_HOST, on this server's port.
      frameHosts: [`*.${ctx.config.tunnels.dashboardHost}:*`],
    }),
  );
  app.use(ctx.monitoring.metrics.httpMiddleware);
  app.use(operationsRouter(ctx));

  const registry = createOpenApiRegistry();
  const router = new ApiRouter(registry, (req) => {
    let p = principals.get(req);
    if (!p) {
      const header = req.get('authorization');
      const token = header?.match(/^Bearer\s+(.+)$/i)?.[1];
      p = token ? authenticateAccessToken(ctx.auth, token) : Promise.resolve(undefined);
      // The audit log names the request's actor without services seeing the request.
      void p.then((principal) => setActor(principal), () => undefined);
      principals.set(req, p);
    }
    return p;
  }, organizationAccess(ctx.db));
  registerRoutes(router, ctx);
  const openapi = generateOpenApiDocument(registry);

  const api = express.Router();
  // Legacy batch uploads keep their raw bytes (a batch is identified by them); the rest is parsed as JSON.
  api.use(legacyBatchBody('2mb'));
  api.use(express.json({ limit: '2mb' }));
  api.use(cookieParser());
  api.use(requestContext);
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  api.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  api.use(router.express);
  api.use(auditRefusals(ctx.db, ctx.log));
  api.use(notFoundHandler);
  app.use('/api/v1', api);
  app.use('/api', notFoundHandler);

  if (webDir && spaHtml !== undefined) {
    app.use(express.static(webDir, { index: false, maxAge: '1h', setHeaders: noCacheForHtml }));
    // SPA fallback: client-side routes are resolved by the app itself.
    app.get(/^\/(?!api\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(webDir, 'index.html'));
    });
  }
  app.use(errorHandler(ctx.log));
  return app;
}

function noCacheForHtml(res: express.Response, file: string): void {
  if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
