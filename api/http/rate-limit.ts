import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../../core/errors.ts';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * At most `limit` requests per client IP per `windowSeconds`; beyond it a 429 in the common error shape.
 * Loopback is exempt: that is the simulator and local tooling (behind nginx, `req.ip` is the real client).
 */
export function perIpRateLimit(limit: number, windowSeconds: number): RequestHandler {
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    skip: (req) => LOOPBACK.test(req.ip ?? ''),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: () => {
      throw new AppError(429, 'too_many_requests', 'Too many requests from this address; try again later', { retry_after_seconds: windowSeconds });
    },
  });
}
