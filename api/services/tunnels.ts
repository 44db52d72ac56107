import { AppError, notFound } from '../../core/errors.ts';
import type { Db } from '../../core/postgres.ts';
import { findDeviceWithOrganization, type DeviceRow } from '../../db/repositories/devices.ts';
import { listDeviceTunnelSessions, type TunnelSessionRow } from '../../db/repositories/tunnels.ts';
import type { RemoteAccess } from '../tunnels/index.ts';
import type { TunnelTarget } from '../tunnels/hub.ts';
import type { OpenedTerminal } from '../tunnels/terminals.ts';
import type { Principal } from './auth.ts';
import { recordAudit } from './audit/record.ts';
import { deviceObject } from './devices.ts';

export interface TunnelDeps {
  db: Db;
  remoteAccess: RemoteAccess;
}

/** Where the request came from and where the platform is reachable from the device's side. */
export interface RequestOrigin {
  ip: string;
  /** Base URL the device dials (MYBEACON_PUBLIC_URL, else the URL the user reached the platform at). */
  origin: string;
}

export interface TunnelStatus {
  state: 'none' | 'dialing' | 'up' | 'redialing';
  since: Date | null;
  terminals: number;
  ports: number[];
}

const targetOf = (device: DeviceRow): TunnelTarget => ({
  id: device.id,
  mac: device.mac,
  organizationId: device.organization_id,
  configOverrides: device.config_overrides,
});

/** `organizationId` scopes the lookup for client users: another tenant's device is 404, like a missing one. */
async function deviceOf(db: Db, id: number, organizationId?: number): Promise<DeviceRow> {
  const device = await findDeviceWithOrganization(db, id, organizationId);
  if (!device) throw notFound('device');
  return device;
}

// brief: only the superadmin opens SSH (the route's guard says so; nothing here widens it).
/** Opens (or takes back) a web terminal to the device's sshd; the browser connects with the ticket. */
export async function openTerminal(deps: TunnelDeps, principal: Principal, deviceId: number, sshUser: string, from: RequestOrigin): Promise<OpenedTerminal> {
  const device = await deviceOf(deps.db, deviceId);
  if (!deps.remoteAccess.hub.reachable(targetOf(device))) throw new AppError(409, 'device_offline', 'The device is not connected', { mac: device.mac });
  const opened = await deps.remoteAccess.terminals.open({ userId: principal.userId, email: principal.email }, targetOf(device), { ...from, sshUser });
  // The session's own row (tunnel_sessions) keeps its end, duration and bytes; the log says who opened it.
  await recordAccess(deps.db, 'tunnel.terminal_open', device, { type: 'terminal', id: opened.sessionId }, { ssh_user: sshUser, reattached: opened.reattached });
  return opened;
}

/** Opens the device's tunnel if needed and returns a dashboard URL for this user. */
export async function openDashboard(deps: TunnelDeps, principal: Principal, deviceId: number, from: RequestOrigin): Promise<{ url: string; sessionId: string }> {
  const device = await deviceOf(deps.db, deviceId, principal.organizationId ?? undefined);
  const link = await deps.remoteAccess.dashboards.open({ userId: principal.userId, email: principal.email }, targetOf(device), from);
  await recordAccess(deps.db, 'tunnel.dashboard_open', device, { type: 'dashboard', id: link.sessionId }, {});
  return link;
}

const recordAccess = (db: Db, action: string, device: DeviceRow, session: { type: string; id: string }, details: Record<string, unknown>) =>
  recordAudit(db, {
    kind: 'access',
    action,
    organizationId: device.organization_id,
    object: { ...session, label: device.name || device.mac },
    details: { device: device.simple_id, mac: device.mac, ...details },
  });

export async function tunnelStatus(deps: TunnelDeps, deviceId: number): Promise<TunnelStatus> {
  const device = await deviceOf(deps.db, deviceId);
  const tunnel = deps.remoteAccess.hub.current(device.id);
  return {
    state: tunnel && tunnel.state !== 'closed' ? tunnel.state : 'none',
    since: tunnel ? new Date(tunnel.createdAt) : null,
    terminals: deps.remoteAccess.terminals.ofDevice(device.id).length,
    ports: tunnel ? [...tunnel.ports] : [],
  };
}

export async function closeTunnel(deps: TunnelDeps, deviceId: number): Promise<void> {
  const device = await deviceOf(deps.db, deviceId);
  if (!(await deps.remoteAccess.hub.close(device.id, 'closed_by_admin'))) throw notFound('tunnel');
  await recordAudit(deps.db, { kind: 'access', action: 'tunnel.close', organizationId: device.organization_id, object: { ...deviceObject(device), type: 'tunnel' } });
}

export async function tunnelSessions(deps: TunnelDeps, deviceId: number, limit: number): Promise<TunnelSessionRow[]> {
  const device = await deviceOf(deps.db, deviceId);
  return listDeviceTunnelSessions(deps.db, device.id, limit);
}
