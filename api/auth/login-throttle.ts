import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../../core/errors.ts';

export interface ThrottleOptions {
  /** Failures of one account from one address before each further one costs a growing wait. */
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  failureWindowSeconds: number;
}

interface Failures {
  count: number;
  lastAt: number;
}

// Entries beyond this many trigger a sweep of the expired ones (then the bar doubles from what is
// left): memory follows the addresses failing within the window, at amortized O(1) per failure.
const SWEEP_AT = 1024;

/**
 * Back-off per (account, client address). A hard lock per account let anyone who knew an e-mail keep
 * its owner out; keyed by both, failures slow down only the address they come from. After the free
 * failures each one doubles the wait (1 s, 2 s, 4 s… up to the window), which turns guessing from
 * one address into a crawl, while the per-IP limit caps how many accounts one address may try.
 */
export class LoginBackoff {
  private readonly failures = new Map<string, Failures>();
  private sweepAt = SWEEP_AT;

  constructor(
    private readonly opts: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds this address must wait before trying this account again (0: it may try now). */
  waitSeconds(email: string, ip: string): number {
    const entry = this.current(key(email, ip));
    if (!entry) return 0;
    const over = entry.count - this.opts.maxFailuresPerAccount;
    if (over < 0) return 0;
    const waitMs = Math.min(1000 * 2 ** over, this.opts.failureWindowSeconds * 1000);
    return Math.max(0, Math.ceil((entry.lastAt + waitMs - this.now()) / 1000));
  }

  failed(email: string, ip: string): void {
    const k = key(email, ip);
    const entry = this.current(k);
    if (!entry && this.failures.size >= this.sweepAt) this.sweep();
    this.failures.set(k, { count: (entry?.count ?? 0) + 1, lastAt: this.now() });
  }

  succeeded(email: string, ip: string): void {
    this.failures.delete(key(email, ip));
  }

  /** The entry unless its last failure is older than the window (then it is forgotten). */
  private current(k: string): Failures | undefined {
    const entry = this.failures.get(k);
    if (entry && this.now() - entry.lastAt > this.opts.failureWindowSeconds * 1000) {
      this.failures.delete(k);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    for (const k of [...this.failures.keys()]) this.current(k);
    this.sweepAt = Math.max(SWEEP_AT, 2 * this.failures.size);
  }
}

const key = (email: string, ip: string) => `${email.toLowerCase()}\n${ip}`;

const tooManyAttempts = (retryAfterSeconds: number) =>
  new AppError(429, 'too_many_attempts', 'Too many failed login attempts; try again later', { retry_after_seconds: retryAfterSeconds });

/**
 * Login attempts: failures per client IP are capped per window, and failures per (account, IP) back
 * off (LoginBackoff). Only failures count, so a user who types the right password is never slowed by
 * their own successful logins — nor, from their own address, by anyone else's failures.
 */
export function loginThrottle(opts: ThrottleOptions): RequestHandler[] {
  const backoff = new LoginBackoff(opts);
  const perAccountAndIp: RequestHandler = (req, res, next) => {
    const email = loginEmail(req);
    const ip = req.ip ?? '';
    const wait = backoff.waitSeconds(email, ip);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      return next(tooManyAttempts(wait));
    }
    res.on('finish', () => {
      if (res.statusCode === 401) backoff.failed(email, ip);
      else if (res.statusCode < 300) backoff.succeeded(email, ip);
    });
    next();
  };
  return [
    rateLimit({
      windowMs: opts.failureWindowSeconds * 1000,
      limit: opts.maxFailuresPerIp,
      skipSuccessfulRequests: true,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: () => {
        throw tooManyAttempts(opts.failureWindowSeconds);
      },
    }),
    perAccountAndIp,
  ];
}

const loginEmail = (req: Request) => String((req.body as { email?: unknown } | undefined)?.email ?? '');
