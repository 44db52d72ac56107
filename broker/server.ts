import type http from 'node:http';
import { Aedes, type Client } from 'aedes';
import type { Bus, DeviceChange, PlatformEvents } from '../core/bus.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import { findDeviceCredentials } from '../db/repositories/device-credentials.ts';
import type { IngestQueue } from '../ingest/types.ts';
import { createAuthorizePublish, createAuthorizeSubscribe, KickError } from './acl.ts';
import { createAuthenticate } from './authenticate.ts';
import { localCluster, type BrokerCluster } from './cluster.ts';
import { startBrokerLiveness, type BrokerLivenessDeps } from './liveness.ts';
import { CommandChannel, deviceOffline, type CommandAck, type DeviceCommand } from './commands.ts';
import { ConfigPush } from './config-push.ts';
import { CredentialsCache } from './credentials-cache.ts';
import { attachWebSocket, listenTcp, type Listener } from './listeners.ts';
import { limitPacketSize, OversizedPacketError } from './packet-size-limit.ts';
import { Presence } from './presence.ts';
import { DeviceBudgets } from './rate-limit.ts';
import { Sessions } from './sessions.ts';
import { BrokerStats, type BrokerStatsSnapshot } from './stats.ts';
import { createAcceptUplink } from './uplink.ts';

/** What the API may ask of the device plane. */
export interface DeviceLink {
  /** Sends a command and resolves with the device's ack; 409 device_offline, 504 command_timeout. */
  sendCommand(mac: string, command: DeviceCommand, timeoutMs: number): Promise<CommandAck>;
  isOnline(mac: string): boolean;
  /** Takes one message from the device's per-second budget, the one its MQTT publishes draw on too; false when over it. */
  admitMessage(deviceId: number): boolean;
  stats(): BrokerStatsSnapshot;
  /** Writes the presence changes collected so far now, instead of at the next flush interval (tests wait on it). */
  flushPresence(): Promise<void>;
}

export interface DeviceBroker extends DeviceLink {
  /** Listener URLs by name, for the start-up banner. */
  endpoints: Record<string, string>;
  /**
   * Serves MQTT over WebSocket on the HTTP server; returns the function that detaches it. `ignore`
   * leaves some upgrades to other handlers (a device dashboard's own `/mqtt` on its proxied host).
   */
  attachWebSocket(server: http.Server, ignore?: (req: http.IncomingMessage) => boolean): () => Promise<void>;
  stop(): Promise<void>;
}

export interface BrokerDeps {
  config: Config['mqtt'];
  log: Logger;
  db: Db;
  bus: Bus;
  ingest: IngestQueue;
  /** Sees each batch's arrival-to-PUBACK time in ms (the metrics histogram). */
  onPuback?: (ms: number) => void;
  /** How this broker shares routing and sessions with others (default: alone, in memory). */
  cluster?: BrokerCluster;
  /** Scale-out: the heartbeat that lets the other brokers mark this one's devices offline if it dies. */
  liveness?: Omit<BrokerLivenessDeps, 'db' | 'log' | 'brokerId' | 'onRevived'>;
}

// These changes end the right to be connected: the live session is dropped at once.
const KICKING_CHANGES = new Set<DeviceChange>(['token_rotated', 'unbound', 'blocked', 'deleted']);
// ws closes a connection whose single message exceeds maxPayload with this error code.
const WS_TOO_LARGE = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/**
 * The device-facing MQTT broker (Aedes): authenticates scanners against Postgres through a cache,
 * enforces the topic ACL, packet size and message rate, makes QoS 1 batches durable before their
 * PUBACK, keeps presence, and pushes config and commands down.
 */
export async function startBroker(deps: BrokerDeps): Promise<DeviceBroker> {
  const { config, log: parentLog, db, bus } = deps;
  const log = parentLog.child({ component: 'broker' });
  const stats = new BrokerStats(deps.onPuback);
  const cache = new CredentialsCache(db, config.authCacheTtlSeconds * 1000);
  const sessions = new Sessions();
  const budgets = new DeviceBudgets(config.maxMessagesPerSecond);
  const aclDeps = { sessions, budgets, stats, log };
  const cluster = deps.cluster ?? localCluster();

  const broker = new Aedes({
    mq: cluster.mq,
    persistence: cluster.persistence,
    authenticate: createAuthenticate({ cache, sessions, stats, log }),
    authorizeSubscribe: createAuthorizeSubscribe(aclDeps),
    authorizePublish: (client, packet, done) => authorizePublish(client, packet, done),
  });
  const presence = new Presence(db, log, config.presenceFlushMs, { id: broker.id, only: !cluster.shared });
  const commands = new CommandChannel(broker, stats, cluster.shared ? cluster.mq : undefined);
  const configPush = new ConfigPush(broker, log);
  const authorizePublish = createAuthorizePublish(
    aclDeps,
    createAcceptUplink({ ingest: deps.ingest, shared: cluster.shared, presence, commands, stats, log }),
  );

  const sessionOf = (client: Client) => sessions.of(client)!;
  broker.on('client', (client) => {
    const session = sessionOf(client);
    stats.connected();
    if (!sessions.registered(session)) {
      stats.kicked('credentials_changed');
      client.close();
      return;
    }
    presence.connected(session);
    bus.emit('device.presence', { deviceId: session.identity.deviceId, mac: session.identity.mac, online: true });
    configPush.push(session.identity.mac, session.device.config_overrides, session.device.config_version);
  });
  broker.on('clientDisconnect', (client) => {
    const session = sessionOf(client);
    stats.disconnected();
    if (!sessions.unregistered(session)) return;
    presence.disconnected(session);
    commands.deviceGone(session.identity.mac);
    bus.emit('device.presence', { deviceId: session.identity.deviceId, mac: session.identity.mac, online: false });
  });
  broker.on('ping', (_packet, client) => {
    const session = sessions.of(client);
    if (session) presence.seen(session);
  });
  broker.on('keepaliveTimeout', () => stats.keepaliveTimeout());
  // No client: the broker's own publish (config, command). Aedes's $SYS heartbeat is no message to a device.
  broker.on('publish', (packet, client) => {
    if (!client && !packet.topic.startsWith('$SYS')) stats.published();
  });
  const onError = (client: Client, err: Error & { code?: string }) => {
    if (err instanceof OversizedPacketError || err.code === WS_TOO_LARGE) {
      stats.oversized();
      log.warn({ clientId: client.id, err: err.message }, 'oversized MQTT packet; connection closed');
    } else if (err instanceof KickError) {
      stats.kicked(err.reason);
    } else {
      log.debug({ clientId: client.id, err: err.message }, 'MQTT connection error');
    }
  };
  broker.on('clientError', onError);
  broker.on('connectionError', onError);

  const onDeviceChanged = ({ mac, change }: PlatformEvents['device.changed']) => {
    cache.invalidate(mac);
    if (KICKING_CHANGES.has(change)) {
      const session = sessions.revoke(mac);
      if (session) {
        stats.kicked('credentials_changed');
        log.info({ mac, change }, 'device credentials changed; closing its MQTT session');
        session.client.close();
      }
    }
    if (change === 'deleted') configPush.forget(mac);
    // With several brokers, the one holding the device's session pushes (every broker hears the change);
    // a device offline everywhere gets its config when it next connects.
    if (change === 'config' && (!cluster.shared || sessions.live(mac))) {
      findDeviceCredentials(db, [mac]).then(
        ([row]) => row && configPush.push(mac, row.config_overrides, row.config_version),
        (err: unknown) => log.error({ err, mac }, 'could not load device config to push'),
      );
    }
  };

  // A live session keeps what its organization may store from CONNECT; an organization's change reaches
  // its connected devices here, and the others through the cache at their next CONNECT.
  const onOrganizationChanged = ({ organizationId }: PlatformEvents['organization.changed']) => {
    cache.clear();
    const live = sessions.ofOrganization(organizationId);
    if (live.length === 0) return;
    findDeviceCredentials(db, live.map((s) => s.identity.mac)).then(
      (rows) => {
        for (const row of rows) {
          const session = sessions.live(row.mac);
          if (session?.identity.organizationId === organizationId) session.identity = { ...session.identity, products: row.entitled_products };
        }
      },
      (err: unknown) => log.error({ err, organizationId }, 'could not reload the entitlement of an organization’s devices'),
    );
  };

  await presence.start();
  await broker.listen();
  const handle = (conn: Parameters<typeof limitPacketSize>[0], req?: http.IncomingMessage) =>
    broker.handle(limitPacketSize(conn, config.maxPacketBytes), req);
  const listeners: Listener[] = [];
  const endpoints: Record<string, string> = {};
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  try {
    const tcp = await listenTcp({ host: config.host, port: config.port }, handle);
    listeners.push(tcp);
    endpoints.MQTT = `mqtt://${host}:${tcp.port}`;
    if (config.tls) {
      const secure = await listenTcp({ host: config.host, port: config.tls.port, tls: config.tls }, handle);
      listeners.push(secure);
      endpoints['MQTT over TLS'] = `mqtts://${host}:${secure.port}`;
    }
  } catch (err) {
    await Promise.all(listeners.map((l) => l.close()));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await presence.stop();
    await cluster.close();
    throw err;
  }
  const unsubscribeDevices = bus.on('device.changed', onDeviceChanged);
  const unsubscribeOrganizations = bus.on('organization.changed', onOrganizationChanged);
  const stopLiveness = deps.liveness
    ? await startBrokerLiveness({
        ...deps.liveness,
        db,
        log,
        brokerId: broker.id,
        onRevived: () => {
          for (const session of sessions.allLive()) presence.connected(session);
        },
      })
    : async () => undefined;
  log.info({ endpoints, brokerId: broker.id }, 'MQTT broker listening');

  return {
    endpoints,
    attachWebSocket(server, ignore) {
      // ws buffers a whole message before handing it on, so it needs its own bound; it is looser than the
      // packet limit (a client may put several packets in one message) and the frame scanner stays exact.
      return attachWebSocket(server, { path: config.wsPath, maxPayload: 2 * config.maxPacketBytes, ignore }, handle);
    },
    sendCommand(mac, command, timeoutMs) {
      if (!sessions.live(mac)) return Promise.reject(deviceOffline(mac));
      return commands.send(mac, command, timeoutMs);
    },
    isOnline: (mac) => sessions.live(mac) !== undefined,
    admitMessage: (deviceId) => budgets.take(deviceId),
    stats: () => stats.snapshot(),
    flushPresence: () => presence.flush(),
    async stop() {
      unsubscribeDevices();
      unsubscribeOrganizations();
      await stopLiveness();
      commands.close();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await Promise.all(listeners.map((l) => l.close()));
      await presence.stop();
      await cluster.close();
    },
  };
}
