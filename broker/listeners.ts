import { readFileSync } from 'node:fs';
import type http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { createWebSocketStream, WebSocketServer } from 'ws';

// Pending connections the kernel queues until the event loop accepts them. Node's default (511) is
// overrun when thousands of devices reconnect at once (a broker restart): the dropped SYNs are
// retried by the clients only after 1, 3, 7 s. The kernel caps it at net.core.somaxconn.
const LISTEN_BACKLOG = 8192;

export interface Listener {
  port: number;
  /** Stops accepting and destroys every connection still open. */
  close(): Promise<void>;
}

/** MQTT over TCP, or over TLS when a certificate is given; `port` 0 picks a free port. */
export async function listenTcp(
  opts: { host: string; port: number; tls?: { certPath: string; keyPath: string } },
  onConnection: (socket: Duplex) => void,
): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const accept = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Acks are small and latency-bound; Nagle would hold them back.
    socket.setNoDelay(true);
    onConnection(socket);
  };
  const server = opts.tls
    ? tls.createServer({ cert: readFileSync(opts.tls.certPath), key: readFileSync(opts.tls.keyPath) }, accept)
    : net.createServer(accept);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port, host: opts.host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * MQTT over WebSocket on an existing HTTP server at `path` (other upgrade paths are left to their
 * own handlers). Returns a function that detaches it and terminates its connections.
 */
export function attachWebSocket(
  server: http.Server,
  opts: { path: string; maxPayload: number; ignore?: (req: http.IncomingMessage) => boolean },
  onConnection: (stream: Duplex, req: http.IncomingMessage) => void,
): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload });
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== opts.path || opts.ignore?.(req)) return;
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(createWebSocketStream(ws), req));
  };
  server.on('upgrade', onUpgrade);
  return () =>
    new Promise<void>((resolve) => {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close(() => resolve());
    });
}
