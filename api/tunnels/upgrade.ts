import http from 'node:http';
import type { Duplex } from 'node:stream';
import proxyAddr from 'proxy-addr';

/** Answers a WebSocket upgrade request with a plain HTTP error in the API's error shape, and hangs up. */
export function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message, details: null } });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** A request's client address. */
export type ClientIp = (req: http.IncomingMessage) => string;

/**
 * The client's address: the socket's peer, or the address X-Forwarded-For names behind the trusted
 * proxies (TRUSTED_PROXIES) — the rule Express applies to the API's requests, by the same library
 * (proxy-addr), so tunnels, terminals and dashboards log and record the same address the audit log does.
 */
export function clientIpResolver(trustedProxies: readonly string[]): ClientIp {
  const trust = proxyAddr.compile([...trustedProxies]);
  return (req) => proxyAddr(req, trust).replace(/^::ffff:/, '');
}

export const pathOf = (req: http.IncomingMessage): string => new URL(req.url ?? '/', 'http://localhost').pathname;
