import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** CSP source expressions (`'sha256-…'`) for the inline `<script>` elements of the given pages. */
export function inlineScriptHashes(...pages: string[]): string[] {
  const hashes = new Set<string>();
  for (const html of pages) {
    for (const [, body] of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
      hashes.add(`'sha256-${createHash('sha256').update(body!).digest('base64')}'`);
    }
  }
  return [...hashes];
}

export interface SecurityHeaderOptions {
  /** Served over HTTPS (COOKIE_SECURE): HSTS, and sub-requests upgraded. */
  https: boolean;
  /** Hashes of the inline scripts our own pages carry (SvelteKit's bootstrap, the API docs page). */
  inlineScripts: string[];
  /** Hosts whose pages ours may frame (device dashboards behind their tunnel), as CSP host sources. */
  frameHosts: string[];
}

/**
 * helmet with a CSP our pages work under: scripts only from our origin plus the hashed inline bootstraps
 * (no 'unsafe-inline' for scripts); inline styles allowed, because ECharts' SVG renderer, Svelte's style
 * directives and Leaflet position elements with style attributes; images also from blob:/data: (plan
 * images, Leaflet). Only device dashboards may be framed by us; nobody may frame the platform. HSTS and upgrade-insecure-requests only under HTTPS:
 * on a plain-HTTP install (a LAN address) they would break every asset load.
 */
export function securityHeaders(opts: SecurityHeaderOptions): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...opts.inlineScripts],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameSrc: opts.frameHosts.length > 0 ? opts.frameHosts : ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}
