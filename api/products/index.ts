import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiContext } from '../context.ts';
import type { ApiRouter } from '../http/router.ts';
import { bleLive } from './ble/live-socket.ts';
import { bleExportRoutes } from './ble/export-routes.ts';
import { blePositioningRoutes } from './ble/positioning-routes.ts';
import { bleRoutes } from './ble/routes.ts';
import { bleViewRoutes } from './ble/view-routes.ts';
import { temperatureRoutes } from './temperature/routes.ts';
import { wifiExportRoutes } from './wifi/export-routes.ts';
import { wifiRoutes } from './wifi/routes.ts';

/** Each product's client API under /api/v1/client/<product>/…; a new product adds its lines here. */
export const PRODUCT_ROUTE_MODULES: ReadonlyArray<(router: ApiRouter, ctx: ApiContext) => void> = [
  wifiRoutes,
  wifiExportRoutes,
  temperatureRoutes,
  bleRoutes,
  bleViewRoutes,
  bleExportRoutes,
  blePositioningRoutes,
];

/** A product's WebSocket endpoint on the HTTP server: takes the upgrades of its own path. */
export interface ProductSocket {
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  stop(): void;
}

/** Each product's WebSockets (e.g. BLE's live map); a new product adds its line here. */
const PRODUCT_SOCKETS: ReadonlyArray<(ctx: ApiContext) => ProductSocket> = [bleLive];

/**
 * Takes the products' WebSocket upgrades of the server, except those `ignore` leaves to others (a
 * proxied device dashboard's host); returns the detach function (run before the server closes).
 */
export function attachProductSockets(server: http.Server, ctx: ApiContext, ignore?: (req: http.IncomingMessage) => boolean): () => Promise<void> {
  const sockets = PRODUCT_SOCKETS.map((make) => make(ctx));
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (ignore?.(req)) return;
    for (const s of sockets) if (s.handleUpgrade(req, socket, head)) return;
  };
  server.on('upgrade', onUpgrade);
  return async () => {
    server.off('upgrade', onUpgrade);
    for (const s of sockets) s.stop();
  };
}
