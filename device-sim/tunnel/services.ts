import type http from 'node:http';
import { startSimDashboard } from './dashboard.ts';
import type { PortMap } from './agent.ts';
import { startSimSshServer, type SimSshOptions } from './ssh-server.ts';

/** What a simulated scanner serves on its own network: sshd on 22, dashboard on 80. */
export interface DeviceServices {
  ports: PortMap;
  /** Request headers the dashboard received (tests check the platform's credentials never arrive). */
  dashboardRequests: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

export async function startDeviceServices(opts: SimSshOptions): Promise<DeviceServices> {
  const ssh = await startSimSshServer(opts);
  const dashboard = await startSimDashboard({ hostname: opts.hostname });
  return {
    ports: new Map([
      [22, { host: '127.0.0.1', port: ssh.port }],
      [80, { host: '127.0.0.1', port: dashboard.port }],
    ]),
    dashboardRequests: dashboard.requests,
    close: async () => {
      await Promise.all([ssh.close(), dashboard.close()]);
    },
  };
}
