import { randomUUID } from 'node:crypto';
import type { Bus, PlatformEvents } from './bus.ts';
import type { Logger } from './logger.ts';
import type { Redis } from './redis.ts';

const CHANNEL = 'mybeacon:bus';

interface Envelope {
  origin: string;
  event: keyof PlatformEvents;
  payload: unknown;
}

/**
 * Carries the bus between processes over Redis pub/sub: what one process emits (the API blocks a
 * device) reaches the listeners of every other (each broker drops its cached credentials and kicks
 * the session). Listeners of the emitting process hear it at once, as in one process; its own
 * messages coming back from Redis are skipped. Pub/sub is fire-and-forget, which suits what travels
 * here: cache invalidations and nudges whose durable state is already in PostgreSQL.
 */
export async function relayBusOverRedis(bus: Bus, redis: Redis, log: Logger): Promise<() => Promise<void>> {
  const origin = randomUUID();
  const subscriber = redis.duplicate({ connectionName: 'mybeacon:bus' });
  subscriber.on('message', (_channel: string, text: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      log.warn({ channel: CHANNEL }, 'unreadable bus message ignored');
      return;
    }
    if (envelope.origin !== origin) bus.deliver(envelope.event, envelope.payload as PlatformEvents[typeof envelope.event]);
  });
  await subscriber.subscribe(CHANNEL);
  bus.relayTo((event, payload) => {
    const message: Envelope = { origin, event, payload };
    redis.publish(CHANNEL, JSON.stringify(message)).catch((err: unknown) => log.error({ err, event }, 'bus event not relayed'));
  });
  return async () => {
    bus.relayTo(undefined);
    await subscriber.quit().catch(() => subscriber.disconnect());
  };
}
