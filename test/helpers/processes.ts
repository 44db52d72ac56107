import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RoleProcessHandle {
  name: string;
  /** The start-up banner's `name: url` lines of the current run. */
  endpoints: Record<string, string>;
  /** SIGKILL: no shutdown step runs, exactly like a crash. */
  kill(): Promise<void>;
  /** SIGTERM: a clean shutdown (what an operator's restart does). */
  stop(): Promise<void>;
  /** Starts it again with the same roles and environment. */
  start(): Promise<void>;
  /** Everything it printed (both streams) since the test began, for failure messages. */
  output(): string;
  /** The process id of the current run. */
  readonly pid: number | undefined;
}

/**
 * A real `node --import tsx bin/mybeacon.ts <roles>` child process — what an operator's systemd unit
 * runs. `start` resolves when the process prints its "is up" banner; killed when the test ends.
 */
export function roleProcess(t: Test, name: string, roles: string[], env: Record<string, string>): RoleProcessHandle {
  const handle = spawnRole(name, roles, env);
  return handle;
}

/** The same process for scripts (benchmarks): the caller kills it. */
export function spawnRole(name: string, roles: string[], env: Record<string, string>): RoleProcessHandle {
  let child: ChildProcess | undefined;
  let output = '';
  const handle: RoleProcessHandle = {
    name,
    endpoints: {},
    output: () => output,
    get pid() {
      return child?.pid;
    },
    async start() {
      const started = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'mybeacon.ts'), ...roles], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      keepsNoLoopAlive(started);
      let banner = '';
      await new Promise<void>((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`${name} exited (${code}) before it was up:\n${output.slice(-2000)}`));
        started.once('exit', onExit);
        started.stderr!.on('data', (d: Buffer) => (output += d.toString()));
        started.stdout!.on('data', (d: Buffer) => {
          output += d.toString();
          banner += d.toString();
          if (/is up in/.test(banner) && /\n\n/.test(banner.slice(banner.indexOf('is up in')))) {
            started.off('exit', onExit);
            handle.endpoints = Object.fromEntries([...banner.matchAll(/^ {2}([^:]+): (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
            resolve();
          }
        });
      });
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
  async function signal(sig: NodeJS.Signals): Promise<void> {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    running.ref(); // waited for now: its exit must keep the loop alive
    running.kill(sig);
    await exited;
  }
  return handle;
}

/**
 * The test's root teardowns (which kill these processes) run only once the event loop has nothing left
 * to wait for; a child and its pipes must not count, or the file would never end.
 */
export function keepsNoLoopAlive(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
}
