import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../core/config.ts';

export interface HttpListener {
  server: http.Server;
  /** Base URL, e.g. http://127.0.0.1:8080 (loopback when listening on every interface). */
  url: string;
  close(): Promise<void>;
}

/** Listens on HTTP_HOST:HTTP_PORT (0 = a spare port) with the given handler. */
export async function listenHttp(config: Config['http'], handler?: http.RequestListener): Promise<HttpListener> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
