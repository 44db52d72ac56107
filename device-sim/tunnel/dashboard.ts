import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * The simulated scanner's own web dashboard, built like real device UIs: a page that loads its script
 * from an absolute path (`/static/app.js`), a session cookie, and a WebSocket (`/ws`) for live status.
 * With `?probe=1` the script plays a hostile device: it tries to read the embedding platform's cookies
 * and storage and to call its API with them, and writes what it managed into `#probe`.
 */
export async function startSimDashboard(opts: { hostname: string }): Promise<{ port: number; requests: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
  const requests: http.IncomingHttpHeaders[] = [];
  const startedAt = Date.now();
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/static/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(APP_JS);
    }
    if (url.pathname !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    const returning = /(?:^|;\s*)sim_session=/.test(req.headers.cookie ?? '');
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'text/html; charset=utf-8' };
    if (!returning) headers['set-cookie'] = `sim_session=${randomBytes(8).toString('hex')}; Path=/; HttpOnly`;
    res.writeHead(200, headers);
    res.end(page(opts.hostname, returning));
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ uptime_s: Math.round((Date.now() - startedAt) / 1000) }));
    ws.on('message', (data) => ws.send(String(data)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const page = (hostname: string, returning: boolean) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${hostname} dashboard</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#1f2937}h1{font-size:20px}.ok{color:#047857}code{background:#f3f4f6;padding:2px 4px}</style>
</head><body>
<h1>Scanner ${hostname}</h1>
<p>Device session: <b id="session">${returning ? 'continued' : 'new'}</b></p>
<p>Live status: <span id="live">connecting…</span></p>
<p>Echo over WebSocket: <span id="echo">…</span></p>
<pre id="probe"></pre>
<script src="/static/app.js"></script>
</body></html>`;

const APP_JS = `(() => {
  const live = document.getElementById('live');
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
  ws.onmessage = (e) => {
    const msg = JSON.parse(e.data);
    if (msg.uptime_s !== undefined) { live.textContent = 'up ' + msg.uptime_s + ' s'; live.className = 'ok'; ws.send(JSON.stringify({ echo: 'pong' })); }
    else if (msg.echo) document.getElementById('echo').textContent = msg.echo;
  };
  if (!new URLSearchParams(location.search).has('probe')) return;
  const attempt = (fn) => { try { return String(fn()); } catch (e) { return 'blocked: ' + e.name; } };
  const platform = location.ancestorOrigins && location.ancestorOrigins.length ? location.ancestorOrigins[0] : '';
  const result = {
    origin: attempt(() => window.origin),
    cookie: attempt(() => document.cookie),
    storage: attempt(() => JSON.stringify(localStorage)),
    parent: attempt(() => window.parent.document.cookie),
    parentStorage: attempt(() => JSON.stringify(window.parent.localStorage)),
  };
  const api = (path, init) => fetch(platform + path, Object.assign({ credentials: 'include' }, init))
    .then((r) => 'answered ' + r.status, (e) => 'blocked: ' + e.name);
  Promise.all([api('/api/v1/auth/refresh', { method: 'POST' }), api('/api/v1/superadmin/devices')]).then(([refresh, devices]) => {
    result.refresh = refresh;
    result.devices = devices;
    document.getElementById('probe').textContent = JSON.stringify(result);
  });
})();`;
