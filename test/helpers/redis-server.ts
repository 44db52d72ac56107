import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { freePort } from '../../core/postgres.ts';
import { keepsNoLoopAlive } from './processes.ts';

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** SIGKILL, as a crash: whatever was fsynced to the AOF survives. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data dir (it replays its AOF). */
  start(): Promise<void>;
  /** The process id of the current run. */
  readonly pid: number | undefined;
}

/**
 * A real redis-server (Debian's package) on a spare loopback port with its data in a temp dir, set up
 * the way scale-out requires (AOF, fsync per write, no eviction); killed when the test ends.
 */
export async function startTestRedis(t: Test, settings: Record<string, string> = {}): Promise<TestRedis> {
  const redis = await spawnRedisServer(settings);
  t.teardown(async () => {
    await redis.kill();
    await rm(redis.dir, { recursive: true, force: true });
  });
  return redis;
}

/** The same server for scripts (benchmarks): the caller kills it and removes `dir`. */
export async function spawnRedisServer(settings: Record<string, string> = {}): Promise<TestRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const args = () => [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', 'yes',
    '--appendfsync', 'always',
    '--maxmemory-policy', 'noeviction',
    ...Object.entries(settings).flatMap(([k, v]) => [`--${k}`, v]),
  ];
  const handle: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return child?.pid;
    },
    async start() {
      const started = spawn('redis-server', args(), { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      keepsNoLoopAlive(started);
      let output = '';
      started.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      await new Promise<void>((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`));
        started.once('exit', onExit);
        started.stdout!.on('data', () => {
          if (/Ready to accept connections/.test(output)) {
            started.off('exit', onExit);
            resolve();
          }
        });
      });
    },
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((r) => running.once('exit', r));
      running.ref(); // waited for now: its exit must keep the loop alive
      running.kill('SIGKILL');
      await exited;
      await waitUntilClosed(port);
    },
  };
  await handle.start();
  return handle;
}

/** Resolves once nothing accepts connections on the port any more. */
async function waitUntilClosed(port: number): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (!open) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
