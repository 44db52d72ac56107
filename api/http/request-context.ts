import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

/** Who is acting, as the audit log names them. */
export interface Actor {
  userId: number;
  email: string;
  organizationId: number | null;
}

/** What the audit log records of the request a service runs for, without the service seeing `req`. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  /** Set once the request's access token has been resolved. */
  actor?: Actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The current request's context, or undefined outside a request (background jobs, tunnels' own sockets). */
export const currentRequest = (): RequestContext | undefined => storage.getStore();

/** Runs `fn` with a context of its own (a WebSocket upgrade, a test). */
export const runWithRequest = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);

/**
 * Opens the request's context. Mounted after the body parsers: they resume the chain from socket
 * events, which would run outside a context opened before them. `req.ip` already follows the
 * trusted-proxy rule ('trust proxy' = TRUSTED_PROXIES).
 */
export const requestContext: RequestHandler = (req, _res, next) => {
  storage.run({ ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 300) ?? null }, next);
};

/** Records who the request acts for (called when its access token resolves). */
export function setActor(actor: Actor | undefined): void {
  const context = storage.getStore();
  if (context && actor) context.actor = actor;
}
