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
