import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { DeviceLink } from '../../broker/server.ts';
import type { Bus } from '../../core/bus.ts';
import type { Config } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../core/postgres.ts';
import { DashboardProxy } from './dashboard-proxy.ts';
import { TunnelHub } from './hub.ts';
import { TerminalSessions } from './terminals.ts';
import { clientIpResolver } from './upgrade.ts';

/** Remote access to devices: their tunnels, web terminals over them, and proxied dashboards. */
export interface RemoteAccess {
  hub: TunnelHub;
  terminals: TerminalSessions;
  dashboards: DashboardProxy;
  /** The HTTP server's request handler: dashboard hosts go to the proxy, everything else to `app`. */
  front(app: http.RequestListener): http.RequestListener;
  /** Takes the tunnel, terminal and dashboard WebSocket upgrades of the server; returns the detach function. */
  attach(server: http.Server): () => Promise<void>;
}

export async function createRemoteAccess(deps: {
  db: Db;
  log: Logger;
  bus: Bus;
  deviceLink: DeviceLink;
  config: Config['tunnels'];
  trustedProxies: Config['trustedProxies'];
}): Promise<RemoteAccess> {
  const log = deps.log.child({ component: 'tunnels' });
  const clientIp = clientIpResolver(deps.trustedProxies);
  const hub = new TunnelHub({ db: deps.db, log, settings: deps.config, deviceLink: deps.deviceLink, bus: deps.bus, clientIp });
  await hub.recover();
  const terminals = new TerminalSessions({ hub, db: deps.db, log, settings: deps.config.terminal, clientIp });
  const dashboards = new DashboardProxy({ hub, db: deps.db, log, settings: deps.config, clientIp });
  return {
    hub,
    terminals,
    dashboards,
    front: (app) => (req, res) => (dashboards.matches(req) ? dashboards.handleRequest(req, res) : app(req, res)),
    attach(server) {
      const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
        // Dashboard hosts first: a device page must never reach the platform's own WebSocket endpoints.
        if (dashboards.handleUpgrade(req, socket, head)) return;
        if (!hub.handleUpgrade(req, socket, head)) terminals.handleUpgrade(req, socket, head);
      };
      server.on('upgrade', onUpgrade);
      return async () => {
        server.off('upgrade', onUpgrade);
        terminals.stop();
        dashboards.stop();
        await hub.stop();
      };
    },
  };
}
