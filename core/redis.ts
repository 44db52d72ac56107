import { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

export type { Redis };

/**
 * The Redis settings that make "in the stream" mean "durable": every write reaches the disk before
 * Redis answers (AOF, fsync per write), and Redis never evicts a key to make room (an evicted stream
 * entry or dedup key would be an acknowledged batch lost or stored twice).
 */
export const REQUIRED_REDIS_SETTINGS: Readonly<Record<string, string>> = Object.freeze({
  appendonly: 'yes',
  appendfsync: 'always',
  'maxmemory-policy': 'noeviction',
});

export class RedisSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Redis is not configured for durable ingest:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee docs/scale-out.md ("Redis").`);
    this.name = 'RedisSettingsError';
  }
}

/** A client for REDIS_URL that keeps reconnecting and queues commands while Redis is away. */
export function createRedis(url: string, name: string, log: Logger): Redis {
  const redis = new Redis(url, {
    connectionName: `mybeacon:${name}`,
    // Commands wait for the reconnect instead of failing after 20 attempts: a Redis restart is an
    // outage to ride out (nothing is acknowledged meanwhile), not an error per batch.
    maxRetriesPerRequest: null,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) log.warn({ err: err.message, client: name }, 'redis connection lost; reconnecting');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info({ client: name }, 'redis connection restored');
    down = false;
  });
  return redis;
}

/** Throws RedisSettingsError unless Redis runs with REQUIRED_REDIS_SETTINGS (checked at every start). */
export async function checkRedisDurability(redis: Redis): Promise<void> {
  const problems: string[] = [];
  for (const [name, wanted] of Object.entries(REQUIRED_REDIS_SETTINGS)) {
    let actual: string | undefined;
    try {
      const reply = (await redis.config('GET', name)) as string[];
      actual = reply[1];
    } catch (err) {
      problems.push(`CONFIG GET ${name} failed (${(err as Error).message}); allow CONFIG for MyBeacon's user or check the setting by hand`);
      continue;
    }
    if (actual !== wanted) problems.push(`${name} is ${JSON.stringify(actual ?? '')}, needs ${JSON.stringify(wanted)}`);
  }
  if (problems.length > 0) throw new RedisSettingsError(problems);
}
