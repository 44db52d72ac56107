import http from 'node:http';
import type { Duplex } from 'node:stream';

/** Answers a WebSocket upgrade request with a plain HTTP error in the API's error shape, and hangs up. */
export function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message, details: null } });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The client's address: the socket's peer, or — only when that peer is the local reverse proxy —
 * the last hop it appended to X-Forwarded-For (the same trust rule as Express' 'trust proxy loopback').
 */
export function clientIp(req: http.IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? '';
  const forwarded = req.headers['x-forwarded-for'];
  const loopback = peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1';
  if (loopback && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',').at(-1)!.trim();
  return peer.replace(/^::ffff:/, '');
}

export const pathOf = (req: http.IncomingMessage): string => new URL(req.url ?? '/', 'http://localhost').pathname;
