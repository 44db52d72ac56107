import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';

/** Unknown routes under the API answer 404 JSON in the common error shape. */
export const notFoundHandler: RequestHandler = (req, _res, next) =>
  next(new AppError(404, 'route_not_found', `No route ${req.method} ${req.path}`));

/** Turns every failure into `{ error: { code, message, details } }`; never leaks a stack trace. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) log.error({ err, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(appError.status).json({
      error: { code: appError.code, message: appError.message, details: appError.details },
    });
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; message?: string; code?: string };
  // body-parser failures carry a status and a type
  if (e?.type === 'entity.parse.failed') return new AppError(400, 'malformed_json', 'Request body is not valid JSON');
  if (e?.type === 'entity.too.large') return new AppError(413, 'payload_too_large', 'Request body is too large');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new AppError(415, 'unsupported_encoding', e.message ?? 'Unsupported encoding');
  }
  if (e?.status && e.status >= 400 && e.status < 500) return new AppError(e.status, 'bad_request', e.message ?? 'Bad request');
  return new AppError(500, 'internal_error', 'Internal server error');
}
