import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import { SimShell } from './shell.ts';

export interface SimSshOptions {
  hostname: string;
  user: string;
  password: string;
  /** `cat` reads files under this directory only. */
  filesDir?: string;
}

/**
 * The simulated scanner's own sshd (ssh2's server): password login, a PTY shell of SimShell,
 * window-change honoured. Listens on a spare loopback port that the tunnel agent maps port 22 to.
 */
export async function startSimSshServer(opts: SimSshOptions): Promise<{ port: number; hostKey: string; close(): Promise<void> }> {
  const key = ssh2.utils.generateKeyPairSync('ed25519');
  const clients = new Set<ssh2.Connection>();
  const server = new ssh2.Server({ hostKeys: [key.private] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === opts.user && same(ctx.password, opts.password)) return ctx.accept();
      ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        const size = { cols: 80, rows: 24 };
        let shell: SimShell | undefined;
        session.on('pty', (ok, _reject, info) => {
          size.cols = info.cols;
          size.rows = info.rows;
          ok?.();
        });
        session.on('window-change', (ok, _reject, info) => {
          shell?.resize(info.cols, info.rows);
          size.cols = info.cols;
          size.rows = info.rows;
          ok?.();
        });
        session.on('shell', (ok) => {
          shell = new SimShell(ok(), { hostname: opts.hostname, filesDir: opts.filesDir, size });
        });
      });
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hostKey: key.public,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const client of clients) client.end();
      }),
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
