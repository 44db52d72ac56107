import aedesPersistenceRedis, { type RedisPersistence } from 'aedes-persistence-redis';
import mqemitter, { type MQEmitter } from 'mqemitter';
import mqemitterRedis from 'mqemitter-redis';
import { PRODUCT_NAMES } from '../core/products.ts';
import { createRedis } from '../core/redis.ts';
import type { Logger } from '../core/logger.ts';

/**
 * What Aedes instances share to act as one broker: the message emitter that routes publishes to
 * subscribers, and the persistence of sessions, subscriptions, retained messages and in-flight QoS 1.
 * In one process both live in memory; in scale-out both live in Redis, so a device may connect to any
 * broker, a config push or command published anywhere reaches it, and a client id taken over on another
 * broker closes the old connection here (Aedes announces new clients on `$SYS/<broker>/new/clients`).
 */
export interface BrokerCluster {
  /** True when other brokers share the devices (scale-out). */
  shared: boolean;
  mq: MQEmitter;
  /** Undefined: Aedes' in-memory persistence. */
  persistence?: RedisPersistence;
  /** Closes the persistence's connections (Aedes closes the emitter itself). */
  close(): Promise<void>;
}

/** In-memory routing for the single-process platform. */
export function localCluster(): BrokerCluster {
  return { shared: false, mq: mqemitter(), close: async () => undefined };
}

/** Routing and persistence in Redis (mqemitter-redis, aedes-persistence-redis) for scale-out. */
export function redisCluster(url: string, log: Logger): BrokerCluster {
  const emitter = mqemitterRedis({ connectionString: url });
  // Connection errors surface here; an 'error' event nobody listens to would end the process, while
  // ioredis reconnects by itself.
  (emitter as unknown as { state: NodeJS.EventEmitter }).state.on('error', (err: Error) =>
    log.warn({ err: err.message }, 'broker routing: redis connection error'),
  );
  const mq = withoutConsumedUplinks(emitter as unknown as MQEmitter);
  const conn = createRedis(url, 'broker-persistence', log);
  const persistence = aedesPersistenceRedis({ conn });
  return {
    shared: true,
    mq,
    persistence,
    async close() {
      await persistence.destroy().catch(() => undefined);
      await conn.quit().catch(() => conn.disconnect());
    },
  };
}

// devices/<mac>/<product>: event batches, consumed by the broker before Aedes routes them.
const PRODUCT_UPLINK = new RegExp(`^devices/[^/]+/(${PRODUCT_NAMES.join('|')})$`);

/**
 * Aedes routes every publish through the emitter after its hooks ran. An event batch is consumed in
 * authorizePublish (it is in the ingest stream by then) and nothing may subscribe to another device's
 * uplink, so routing it would be one Redis PUBLISH per batch to nobody: the emitter skips those topics.
 */
function withoutConsumedUplinks(mq: MQEmitter): MQEmitter {
  const emit: MQEmitter['emit'] = (message, callback) => {
    if (PRODUCT_UPLINK.test(message.topic)) return void process.nextTick(() => callback?.());
    mq.emit(message, callback);
  };
  return new Proxy(mq, {
    get(target, property) {
      if (property === 'emit') return emit;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
