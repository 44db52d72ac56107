import type { Request, Response } from 'express';

export const REFRESH_COOKIE = 'mb_refresh';
const COOKIE_PATH = '/api/v1/auth';

/** The refresh token lives in an httpOnly SameSite=Strict cookie scoped to the auth endpoints. */
export function setRefreshCookie(res: Response, token: string, maxAgeSeconds: number, secure: boolean): void {
  res.cookie(REFRESH_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: COOKIE_PATH, maxAge: maxAgeSeconds * 1000 });
}

export function clearRefreshCookie(res: Response, secure: boolean): void {
  res.clearCookie(REFRESH_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: COOKIE_PATH });
}

export const readRefreshCookie = (req: Request): string | undefined =>
  (req.cookies as Record<string, string> | undefined)?.[REFRESH_COOKIE];
