import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../../core/config.ts';
import { AppError } from '../../core/errors.ts';

const HOUR_MS = 3600_000;

const tooMany = () => {
  throw new AppError(429, 'too_many_requests', 'Too many requests; try again later', { retry_after_seconds: 3600 });
};

/**
 * Limits for the public account endpoints (sign-up, resend, forgot password, links): per client IP,
 * and where an address is named, per address — counted for every address alike, so a 429 says nothing
 * about whether it is registered. Counters live in the process (like the login throttle).
 */
export function accountThrottle(settings: Config['accounts'], addressField?: 'email' | 'new_email'): RequestHandler[] {
  const common = { windowMs: HOUR_MS, standardHeaders: 'draft-8' as const, legacyHeaders: false, handler: tooMany };
  const limits: RequestHandler[] = [rateLimit({ ...common, limit: settings.requestsPerHourPerIp })];
  if (addressField) {
    limits.push(
      rateLimit({
        ...common,
        limit: settings.emailsPerHourPerAddress,
        keyGenerator: (req: Request) => `address:${String((req.body as Record<string, unknown> | undefined)?.[addressField] ?? '').trim().toLowerCase()}`,
      }),
    );
  }
  return limits;
}
