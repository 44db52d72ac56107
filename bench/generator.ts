import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratorRequest } from './load-generator.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The load generator child; `ask` sends one request and resolves with its final answer. */
export function startGenerator(): { ask<T>(req: GeneratorRequest, onPhase?: (phase: string) => void): Promise<T>; child: ChildProcess } {
  // Same node flags as this process (--import tsx, and --cpu-prof when profiling the bench).
  const child = fork(path.join(HERE, 'load-generator.ts'), { execArgv: process.execArgv });
  return {
    child,
    ask: <T>(req: GeneratorRequest, onPhase?: (phase: string) => void) =>
      new Promise<T>((resolve, reject) => {
        const onMessage = (msg: { phase?: string; error?: string }) => {
          if (msg.phase) return onPhase?.(msg.phase);
          child.off('message', onMessage);
          if (msg.error) reject(new Error(`load generator: ${msg.error}`));
          else resolve(msg as T);
        };
        child.on('message', onMessage);
        child.send(req);
      }),
  };
}
