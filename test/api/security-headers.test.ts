import type { AddressInfo } from 'node:net';
import express from 'express';
import t, { type Test } from 'tap';
import { inlineScriptHashes, securityHeaders } from '../../api/http/security-headers.ts';

/** A real HTTP server with the headers middleware, answering every path with a small page. */
async function serve(t: Test, https: boolean) {
  const app = express();
  app.use(securityHeaders({ https, inlineScripts: inlineScriptHashes('<script>boot()</script>'), frameHosts: [] }));
  app.get('/', (_req, res) => res.type('html').send('<script>boot()</script>'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// Review finding: the SPA, API and docs sent no CSP, frame-ancestors, nosniff or referrer policy, and no HSTS option.
t.test('pages carry a CSP allowing only their own inline scripts, and the usual protections', async (t) => {
  const res = await fetch(`${await serve(t, false)}/`);
  const csp = res.headers.get('content-security-policy') ?? '';
  t.match(csp, /default-src 'self'/);
  t.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'(;|$)/, 'scripts: own files plus the hashed inline bootstrap, no unsafe-inline');
  t.match(csp, /frame-ancestors 'none'/);
  t.match(csp, /img-src 'self' data: blob:/, 'plan images and map tiles from blob:/data:');
  t.match(csp, /object-src 'none'/);
  t.notMatch(csp, /upgrade-insecure-requests/, 'a plain-HTTP install (LAN IP) keeps loading its assets');
  t.equal(res.headers.get('x-frame-options'), 'DENY');
  t.equal(res.headers.get('x-content-type-options'), 'nosniff');
  t.equal(res.headers.get('referrer-policy'), 'no-referrer');
  t.equal(res.headers.get('strict-transport-security'), null, 'no HSTS without HTTPS');
});

t.test('behind HTTPS (COOKIE_SECURE) HSTS is sent and requests are upgraded', async (t) => {
  const res = await fetch(`${await serve(t, true)}/`);
  t.match(res.headers.get('strict-transport-security'), /max-age=\d{7,}/);
  t.match(res.headers.get('content-security-policy'), /upgrade-insecure-requests/);
});

t.test('inline script hashes are those of the exact script text', async (t) => {
  t.same(inlineScriptHashes('<p><script>a()</script><script>a()</script><script src="/x.js"></script>'), ["'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"]);
});
