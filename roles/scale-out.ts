import { redisCluster, localCluster, type BrokerCluster } from '../broker/cluster.ts';
import type { BrokerDeps } from '../broker/server.ts';
import type { Bus } from '../core/bus.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import { checkRedisDurability, createRedis, type Redis } from '../core/redis.ts';
import { relayBusOverRedis } from '../core/redis-bus.ts';
import { runOnceAcrossProcesses } from '../core/run-once.ts';

/** What a process of a scale-out installation shares with the others through Redis. */
export interface ScaleOut {
  redis: Redis;
  settings: NonNullable<Config['redis']>;
  /** The per-device message budget (MQTT_MAX_MESSAGES_PER_SECOND), for a process that bridges HTTP without a broker. */
  maxMessagesPerSecond: number;
  /** Broker routing and persistence in Redis, for a broker or a remote device link. */
  cluster(): BrokerCluster;
  stop(): Promise<void>;
}

/**
 * Step of every role when REDIS_URL is set: connects, refuses a Redis that would not keep acknowledged
 * batches (see REQUIRED_REDIS_SETTINGS), and relays the bus over pub/sub. Null in single-process mode.
 */
export async function connectScaleOut(config: Readonly<Config>, log: Logger, bus: Bus): Promise<ScaleOut | null> {
  if (!config.redis) return null;
  const redis = createRedis(config.redis.url, 'commands', log);
  try {
    await checkRedisDurability(redis);
    const stopRelay = await relayBusOverRedis(bus, redis, log);
    log.info({ roles: [...config.roles] }, 'scale-out mode: sharing bus, MQTT routing and ingest stream through Redis');
    return {
      redis,
      settings: config.redis,
      maxMessagesPerSecond: config.mqtt.maxMessagesPerSecond,
      cluster: () => redisCluster(config.redis!.url, log),
      async stop() {
        await stopRelay();
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  } catch (err) {
    redis.disconnect();
    throw err;
  }
}

/** The broker's routing: shared in Redis in scale-out, in memory otherwise. */
export const brokerCluster = (scaleOut: ScaleOut | null): BrokerCluster => scaleOut?.cluster() ?? localCluster();

/** Scale-out: the broker's heartbeat in Redis and the run-once sweep of dead brokers' devices. */
export function brokerLiveness(scaleOut: ScaleOut | null, deps: { databaseUrl: string; log: Logger; lockRetryMs: number }): BrokerDeps['liveness'] {
  if (!scaleOut) return undefined;
  return {
    redis: scaleOut.redis,
    heartbeatMs: scaleOut.settings.brokerHeartbeatMs,
    runOnce: (name, start) => runOnceAcrossProcesses({ databaseUrl: deps.databaseUrl, name, log: deps.log, retryMs: deps.lockRetryMs }, start),
  };
}
