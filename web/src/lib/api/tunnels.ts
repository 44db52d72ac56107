import { request } from './http.ts';

export interface TerminalTicket {
  session_id: string;
  ticket: string;
  ws_path: string;
  reattached: boolean;
}

/** POST /superadmin/devices/:id/terminal — a one-time ticket for the terminal WebSocket. */
export const openTerminal = (deviceId: number, sshUser: string) =>
  request<TerminalTicket>('POST', `/superadmin/devices/${deviceId}/terminal`, { body: { ssh_user: sshUser } });

/** POST …/devices/:id/dashboard — waits for the tunnel, returns the dashboard's own URL. */
export const openDashboard = (deviceId: number, scope: 'superadmin' | 'client') =>
  request<{ url: string; session_id: string }>('POST', `/${scope}/devices/${deviceId}/dashboard`);

export interface TunnelStatus {
  state: 'none' | 'dialing' | 'up' | 'redialing';
  since: string | null;
  terminals: number;
  ports: number[];
}

export interface TunnelSession {
  id: string;
  kind: 'terminal' | 'dashboard';
  user_email: string;
  client_ip: string | null;
  ssh_user: string | null;
  host_key_sha256: string | null;
  started_at: string;
  ended_at: string | null;
  end_reason: string | null;
  bytes_to_device: number;
  bytes_from_device: number;
}

/** GET /superadmin/devices/:id/tunnel */
export const getTunnel = (deviceId: number) => request<TunnelStatus>('GET', `/superadmin/devices/${deviceId}/tunnel`);

/** DELETE /superadmin/devices/:id/tunnel — its terminals and dashboards end. */
export const closeTunnel = (deviceId: number) => request<void>('DELETE', `/superadmin/devices/${deviceId}/tunnel`);

/** GET /superadmin/devices/:id/tunnel-sessions — newest first. */
export const listTunnelSessions = (deviceId: number) =>
  request<{ items: TunnelSession[] }>('GET', `/superadmin/devices/${deviceId}/tunnel-sessions`, { query: { limit: 10 } });
