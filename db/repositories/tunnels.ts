import type { Db } from '../../core/postgres.ts';

export interface TunnelRow {
  id: string;
  device_id: number | null;
  device_mac: string;
  organization_id: number | null;
  requested_by: number | null;
  requested_at: Date;
  connected_at: Date | null;
  closed_at: Date | null;
  close_reason: string | null;
  device_ip: string | null;
  dials: number;
  refused_streams: number;
  bytes_to_device: string;
  bytes_from_device: string;
}

export type TunnelSessionKind = 'terminal' | 'dashboard';

export interface TunnelSessionRow {
  id: string;
  tunnel_id: string | null;
  kind: TunnelSessionKind;
  device_id: number | null;
  device_mac: string;
  organization_id: number | null;
  user_id: number | null;
  user_email: string;
  client_ip: string | null;
  ssh_user: string | null;
  host_key_sha256: string | null;
  started_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  bytes_to_device: string;
  bytes_from_device: string;
}

export async function insertTunnel(db: Db, row: Pick<TunnelRow, 'device_id' | 'device_mac' | 'organization_id' | 'requested_by'>): Promise<string> {
  const [created] = await db('device_tunnels').insert(row).returning('id');
  return String((created as { id: string }).id);
}

/** A device dialled (or redialled) the tunnel from `ip`. */
export async function recordTunnelDial(db: Db, id: string, ip: string): Promise<void> {
  await db('device_tunnels')
    .where({ id })
    .update({ device_ip: ip, dials: db.raw('dials + 1'), connected_at: db.raw('coalesce(connected_at, now())') });
}

export async function recordRefusedStream(db: Db, id: string): Promise<void> {
  await db('device_tunnels').where({ id }).increment('refused_streams', 1);
}

export async function closeTunnelRecord(db: Db, id: string, reason: string, bytes: { toDevice: number; fromDevice: number }): Promise<void> {
  await db('device_tunnels')
    .where({ id })
    .whereNull('closed_at')
    .update({ closed_at: db.fn.now(), close_reason: reason, bytes_to_device: bytes.toDevice, bytes_from_device: bytes.fromDevice });
}

/** Who opened which kind of session to which device, from where. */
export interface TunnelSessionStart {
  id: string;
  kind: TunnelSessionKind;
  tunnelId: string | null;
  device: { id: number; mac: string; organizationId: number | null };
  user: { userId: number; email: string };
  clientIp: string;
}

export async function insertTunnelSession(db: Db, s: TunnelSessionStart): Promise<void> {
  await db('tunnel_sessions').insert({
    id: s.id,
    tunnel_id: s.tunnelId,
    kind: s.kind,
    device_id: s.device.id,
    device_mac: s.device.mac,
    organization_id: s.device.organizationId,
    user_id: s.user.userId,
    user_email: s.user.email,
    client_ip: s.clientIp,
  });
}

export async function updateTunnelSession(db: Db, id: string, patch: Partial<Pick<TunnelSessionRow, 'tunnel_id' | 'ssh_user' | 'host_key_sha256'>>): Promise<void> {
  await db('tunnel_sessions').where({ id }).update(patch);
}

export async function endTunnelSession(db: Db, id: string, reason: string, bytes: { toDevice: number; fromDevice: number }): Promise<void> {
  await db('tunnel_sessions')
    .where({ id })
    .whereNull('ended_at')
    .update({ ended_at: db.fn.now(), end_reason: reason, bytes_to_device: bytes.toDevice, bytes_from_device: bytes.fromDevice });
}

/** Records a previous process left open: the tunnels and sessions died with it. */
export async function closeInterruptedTunnels(db: Db): Promise<number> {
  await db('tunnel_sessions').whereNull('ended_at').update({ ended_at: db.fn.now(), end_reason: 'platform_restart' });
  return db('device_tunnels').whereNull('closed_at').update({ closed_at: db.fn.now(), close_reason: 'platform_restart' });
}

/** The latest sessions over one device's tunnels, newest first. */
export const listDeviceTunnelSessions = (db: Db, deviceId: number, limit: number): Promise<TunnelSessionRow[]> =>
  db<TunnelSessionRow>('tunnel_sessions').where({ device_id: deviceId }).orderBy('started_at', 'desc').limit(limit);
