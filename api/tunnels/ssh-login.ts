import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import { AppError } from '../../core/errors.ts';

/** Asks the person at the terminal; resolves with what they typed (echoed or not). */
export type Ask = (prompt: string, echo: boolean) => Promise<string>;

export interface SshShell {
  client: ssh2.Client;
  channel: ssh2.ClientChannel;
  /** The device's host key, SHA-256 base64 as OpenSSH prints it. */
  hostKey: string;
}

const MAX_ATTEMPTS = 3;
// People type passwords: the handshake timer must not cut them off mid-word.
const LOGIN_TIMEOUT_MS = 5 * 60_000;

/**
 * A real SSH login to the device's own sshd over a tunnel stream: password and keyboard-interactive
 * prompts go to the person at the terminal (`ask`), up to three attempts, then a PTY shell.
 * 401 ssh_auth_failed when the device refuses, 502 ssh_failed when SSH itself fails.
 */
export function openSshShell(stream: Duplex, opts: { username: string; ask: Ask; notice(text: string): void; cols: number; rows: number }): Promise<SshShell> {
  const client = new ssh2.Client();
  let hostKey = '';
  let attempts = 0;
  return new Promise<SshShell>((resolve, reject) => {
    const fail = (err: unknown) => {
      client.end();
      stream.destroy();
      reject(err instanceof AppError ? err : new AppError(502, 'ssh_failed', `SSH failed: ${(err as Error).message}`));
    };
    client.on('error', (err: Error & { level?: string }) =>
      fail(err.level === 'client-authentication' ? new AppError(401, 'ssh_auth_failed', 'The device refused the login') : err),
    );
    client.on('ready', () => {
      client.shell({ term: 'xterm-256color', cols: opts.cols, rows: opts.rows }, (err, channel) => {
        if (err) return fail(err);
        resolve({ client, channel, hostKey });
      });
    });
    const askAll = (prompts: ssh2.Prompt[], finish: ssh2.KeyboardInteractiveCallback) => {
      const answers: string[] = [];
      prompts
        .reduce((chain, p) => chain.then(() => opts.ask(p.prompt, p.echo ?? false).then((a) => void answers.push(a))), Promise.resolve())
        .then(() => finish(answers), fail);
    };
    client.connect({
      sock: stream,
      username: opts.username,
      readyTimeout: LOGIN_TIMEOUT_MS,
      keepaliveInterval: 30_000,
      hostVerifier: (key: Buffer) => {
        hostKey = createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
        return true;
      },
      authHandler: (methodsLeft, _partial, next) => {
        // ssh2 calls with null first: ask the server which methods it takes.
        if (!methodsLeft) return next({ type: 'none', username: opts.username });
        if (attempts >= MAX_ATTEMPTS) {
          opts.notice('Permission denied.\r\n');
          return next(false as never);
        }
        if (attempts++ > 0) opts.notice('Permission denied, please try again.\r\n');
        if (methodsLeft.includes('keyboard-interactive')) {
          return next({ type: 'keyboard-interactive', username: opts.username, prompt: (_n, _i, _l, prompts, finish) => askAll(prompts, finish) });
        }
        if (methodsLeft.includes('password')) {
          opts.ask(`${opts.username}@device's password: `, false).then((password) => next({ type: 'password', username: opts.username, password }), fail);
          return;
        }
        next(false as never);
      },
    });
  });
}
