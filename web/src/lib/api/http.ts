/**
 * The one place that talks HTTP to /api/v1: attaches the in-memory access token, refreshes it once
 * on `token_expired`, and turns every failure into an ApiError carrying the API's error code.
 */

export const API_BASE = '/api/v1';

/** A failed API call in the platform's error shape `{error:{code,message,details}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Send the access token and refresh it when it expires (default true). */
  auth?: boolean;
}

// The access token lives only in memory: a page reload gets a new one from the httpOnly refresh cookie.
let accessToken: string | null = null;
let sessionLost: () => void = () => {};
let refreshing: Promise<string | null> | null = null;

export const setAccessToken = (token: string | null): void => {
  accessToken = token;
};

/** The current access token, for a WebSocket that sends it in its first message (a browser cannot set its headers). */
export const currentAccessToken = (): string | null => accessToken;

/** Registers what happens when the refresh token no longer works (the session shows the login page). */
export const onSessionLost = (fn: () => void): void => {
  sessionLost = fn;
};

/**
 * Exchanges the refresh cookie for a new access token; concurrent callers share one request.
 * Refresh tokens rotate and a reused one revokes the session, so tabs of the same browser take turns
 * through a Web Lock: the second tab then sends the cookie the first one just received.
 */
export function refreshAccessToken(): Promise<string | null> {
  refreshing ??= withRefreshLock(async () => {
    const res = await send('POST', '/auth/refresh', { auth: false }).catch(() => null);
    if (!res?.ok) return null;
    const body = (await res.json()) as { access_token: string };
    return body.access_token;
  })
    .then((token) => {
      accessToken = token;
      return token;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  // The lock resolves with the callback's own promise result (lib.dom types it one Promise too deep).
  return locks ? (locks.request('mybeacon-refresh', fn) as unknown as Promise<T>) : fn();
}

/** Calls the API and returns the parsed JSON body (undefined for 204). */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await respond(method, path, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Downloads a file the API answers as an attachment, with the file name the server gave it. */
export async function download(path: string, fallbackName: string): Promise<{ blob: Blob; filename: string }> {
  const res = await respond('GET', path, {});
  // Express quotes the name only when it must (`filename=a.csv` and `filename="a b.csv"` are both valid).
  const filename = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  return { blob: await res.blob(), filename };
}

/** Fetches an authenticated binary resource (a plan image) as a Blob. */
export async function fetchBlob(path: string): Promise<Blob> {
  return (await respond('GET', path, {})).blob();
}

/** A successful response: the access token attached and refreshed once on `token_expired`, failures thrown as ApiError. */
async function respond(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const useAuth = opts.auth ?? true;
  let res = await send(method, path, opts);
  if (res.status === 401 && useAuth) {
    const error = await readError(res);
    if (error.code !== 'token_expired' || !(await refreshAccessToken())) {
      sessionLost();
      throw error;
    }
    res = await send(method, path, opts);
  }
  if (!res.ok) {
    const error = await readError(res);
    if (res.status === 401 && useAuth) sessionLost();
    throw error;
  }
  return res;
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if ((opts.auth ?? true) && accessToken) headers.authorization = `Bearer ${accessToken}`;
  let body: string | FormData | undefined;
  // A form (a file upload) sets its own multipart content type with the boundary.
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  try {
    return await fetch(`${API_BASE}${path}${queryString(opts.query)}`, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'Network error');
  }
}

async function readError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code) return new ApiError(res.status, body.error.code, body.error.message ?? body.error.code, body.error.details ?? null);
  } catch {
    // a proxy's HTML error page or an empty body: fall through to a generic error
  }
  return new ApiError(res.status, res.status >= 500 ? 'internal_error' : 'http_error', `${res.status} ${res.statusText}`);
}

/** `?a=1&b=x`, leaving out empty values so "no filter" is simply absent. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
