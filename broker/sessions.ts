import type { Client } from 'aedes';
import { downlinkTopics, uplinkTopics, type UplinkKind } from '../core/topics.ts';
import type { BatchSender } from '../ingest/types.ts';
import type { CachedDevice } from './credentials-cache.ts';

/** What the broker knows about one authenticated connection; the ACL decides from this alone. */
export interface DeviceSession {
  /** Who the device is, and what its organization may store (refreshed when the organization changes). */
  identity: BatchSender;
  client: Client;
  /** The device row as authenticated (config overrides and version included, for the push on connect). */
  device: CachedDevice;
  /** Topics this device may publish to, with their kind. */
  uplinks: Map<string, UplinkKind>;
  /** Topics this device may subscribe to. */
  downlinks: Set<string>;
  /** When presence last recorded this session as seen (ms since epoch). */
  seenAt: number;
  /** When the device authenticated (ms since epoch): orders its sessions across brokers. */
  startedAt: number;
  /** The device's revocation count when its CONNECT began to be checked. */
  revision: number;
}

/**
 * Sessions by client (for the per-packet hooks) and the live one per MAC (for presence, commands
 * and kicking). A reconnect takes over the MAC's previous connection: the old one's disconnect
 * must then not mark the device offline. Revocations (token rotated, blocked…) are counted per MAC
 * so a CONNECT that was being checked while one happened is not let in on the old credentials.
 */
export class Sessions {
  private readonly byClient = new WeakMap<Client, DeviceSession>();
  private readonly liveByMac = new Map<string, DeviceSession>();
  private readonly revocations = new Map<string, number>();

  /** Taken before a CONNECT is checked; `registered` refuses the session if it changed meanwhile. */
  revision(mac: string): number {
    return this.revocations.get(mac) ?? 0;
  }

  /** The device's credentials no longer hold: returns its live session, for the caller to close. */
  revoke(mac: string): DeviceSession | undefined {
    this.revocations.set(mac, this.revision(mac) + 1);
    return this.liveByMac.get(mac);
  }

  /** Attaches an authenticated device to its connection. */
  attach(client: Client, device: CachedDevice & { organization_id: number }, revision: number): DeviceSession {
    const session: DeviceSession = {
      identity: { deviceId: device.id, mac: device.mac, organizationId: device.organization_id, products: device.entitled_products },
      client,
      device,
      uplinks: uplinkTopics(device.mac),
      downlinks: downlinkTopics(device.mac),
      seenAt: 0,
      startedAt: Date.now(),
      revision,
    };
    this.byClient.set(client, session);
    return session;
  }

  of(client: Client | null): DeviceSession | undefined {
    return client ? this.byClient.get(client) : undefined;
  }

  /**
   * The connection became the device's live one (Aedes has closed any previous one by now); false
   * when the device was revoked while its CONNECT was being checked — the caller must close it.
   */
  registered(session: DeviceSession): boolean {
    if (this.revision(session.identity.mac) !== session.revision) return false;
    this.liveByMac.set(session.identity.mac, session);
    return true;
  }

  /** True when the connection that went away was the device's live one (not one taken over). */
  unregistered(session: DeviceSession): boolean {
    if (this.liveByMac.get(session.identity.mac) !== session) return false;
    this.liveByMac.delete(session.identity.mac);
    return true;
  }

  live(mac: string): DeviceSession | undefined {
    return this.liveByMac.get(mac);
  }

  /** The live sessions of one organization's devices (rare: when the organization changes). */
  ofOrganization(organizationId: number): DeviceSession[] {
    return [...this.liveByMac.values()].filter((s) => s.identity.organizationId === organizationId);
  }

  /** Every device's live session on this broker. */
  allLive(): IterableIterator<DeviceSession> {
    return this.liveByMac.values();
  }
}
