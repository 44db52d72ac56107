import type { AedesOptions, PublishPacket } from 'aedes';
import type { Logger } from '../core/logger.ts';
import type { UplinkKind } from '../core/topics.ts';
import type { DeviceBudgets } from './rate-limit.ts';
import type { DeviceSession, Sessions } from './sessions.ts';
import type { BrokerStats, Kick } from './stats.ts';

type AuthorizePublish = NonNullable<AedesOptions['authorizePublish']>;
type AuthorizeSubscribe = NonNullable<AedesOptions['authorizeSubscribe']>;

/** Handles a publish the ACL let through; calling back with an error closes the connection unacknowledged. */
export type AcceptUplink = (session: DeviceSession, kind: UplinkKind, packet: PublishPacket, done: (err?: Error | null) => void) => void;

/** Why a device's connection is being closed; Aedes passes it on to 'clientError'. */
export class KickError extends Error {
  constructor(readonly reason: Kick, message: string) {
    super(message);
    this.name = 'KickError';
  }
}

export interface AclDeps {
  sessions: Sessions;
  budgets: DeviceBudgets;
  stats: BrokerStats;
  log: Logger;
}

/**
 * Publish rule: a device publishes only to its own uplink topics (`devices/<own mac>/{ble,wifi,status,
 * config/ack,cmd/ack}`), decided from the session cached at CONNECT — no database call per message.
 * MQTT 3.1.1 has no negative PUBACK, so a refused publish closes the connection ([MQTT-3.3.5-2]).
 * Within the rules, each device is held to its message rate (its budget, shared with the HTTP bridge).
 */
export function createAuthorizePublish(deps: AclDeps, accept: AcceptUplink): AuthorizePublish {
  return (client, packet, done) => {
    const session = deps.sessions.of(client);
    if (!session) return done(new Error('publish without an authenticated device session'));
    const kind = session.uplinks.get(packet.topic);
    if (!kind) {
      deny(deps, session, 'publish', packet.topic);
      return done(new KickError('acl_publish', `not allowed to publish to ${packet.topic}`));
    }
    // Nothing a device sends is kept as a retained message on the broker.
    packet.retain = false;
    // Aedes publishes a dropped connection's will through this hook after the client has closed;
    // the device going offline is recorded by presence, so the will is checked but not processed.
    if (client?.closed) return done(null);
    if (!deps.budgets.take(session.identity.deviceId)) {
      deps.stats.rateLimited();
      deps.log.warn({ mac: session.identity.mac }, 'device over its MQTT message rate; disconnecting');
      return done(new KickError('rate_limited', 'message rate exceeded'));
    }
    accept(session, kind, packet, done);
  };
}

/**
 * Subscribe rule: only the device's own downlink topics (`devices/<own mac>/{config,cmd}`), matched
 * literally, so wildcards, other MACs and $SYS are all refused. A refused subscription gets the
 * 0x80 failure code in its SUBACK and the connection stays up.
 */
export function createAuthorizeSubscribe(deps: AclDeps): AuthorizeSubscribe {
  return (client, sub, done) => {
    const session = deps.sessions.of(client);
    if (session?.downlinks.has(sub.topic)) return done(null, sub);
    if (session) deny(deps, session, 'subscribe', sub.topic);
    done(null, null);
  };
}

function deny(deps: AclDeps, session: DeviceSession, action: 'publish' | 'subscribe', topic: string): void {
  deps.stats.aclDenied(session.identity.mac);
  deps.log.warn({ mac: session.identity.mac, action, topic }, 'MQTT ACL denied');
}
