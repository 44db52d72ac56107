import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../../core/errors.ts';

export interface ThrottleOptions {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  failureWindowSeconds: number;
}

/**
 * Login attempts are limited per account and per client IP; only failures count, so a user who
 * types the right password is never locked out by their own successful logins.
 */
export function loginThrottle(opts: ThrottleOptions): RequestHandler[] {
  const windowMs = opts.failureWindowSeconds * 1000;
  const handler = () => {
    throw new AppError(429, 'too_many_attempts', 'Too many failed login attempts; try again later', {
      retry_after_seconds: opts.failureWindowSeconds,
    });
  };
  const common = { windowMs, skipSuccessfulRequests: true, standardHeaders: 'draft-8' as const, legacyHeaders: false, handler };
  return [
    rateLimit({ ...common, limit: opts.maxFailuresPerIp }),
    rateLimit({
      ...common,
      limit: opts.maxFailuresPerAccount,
      keyGenerator: (req: Request) => `account:${String((req.body as { email?: unknown })?.email ?? '').toLowerCase()}`,
    }),
  ];
}
