import type { ErrorRequestHandler } from 'express';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../core/postgres.ts';
import type { Logger } from '../../core/logger.ts';
import { recordAudit } from '../services/audit/record.ts';
import { currentRequest } from './request-context.ts';

/**
 * Records every refused attempt of a signed-in user (a 403: the guard's role or product check, a
 * service's own refusal) as a "denied" audit row, then passes the error on to the error handler.
 * Without a user there is no one to name (refused logins are recorded by the login itself). Not
 * found (404) is not a refusal: a foreign id must look exactly like a missing one, in the log too.
 */
export function auditRefusals(db: Db, log: Logger): ErrorRequestHandler {
  return (err, req, _res, next) => {
    if (!(err instanceof AppError) || err.status !== 403 || !currentRequest()?.actor) return next(err);
    const route = `${req.method} ${req.baseUrl}${req.route?.path ?? req.path}`;
    recordAudit(db, { kind: 'denied', action: err.code, object: { type: 'route', id: route }, details: { path: req.path, message: err.message } })
      .catch((failure: unknown) => log.error({ err: failure, route }, 'audit: could not record a refused attempt'))
      .finally(() => next(err));
  };
}
