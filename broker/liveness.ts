import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import type { Redis } from '../core/redis.ts';
import type { ExclusiveJob, StopJob } from '../core/run-once.ts';
import { brokersHoldingSessions, markBrokersDevicesOffline } from '../db/repositories/device-presence.ts';

const aliveKey = (brokerId: string) => `mybeacon:broker:${brokerId}`;
// A broker is taken for dead after missing this many heartbeats.
const MISSED_BEATS = 3;

export interface BrokerLivenessDeps {
  redis: Redis;
  db: Db;
  log: Logger;
  brokerId: string;
  heartbeatMs: number;
  /** Runs the sweep in one broker process of the installation (core/run-once.ts). */
  runOnce(name: string, start: () => Promise<StopJob>): Promise<ExclusiveJob>;
  /**
   * This broker's key had expired although it lives (Redis was away longer than the grace): a sweep
   * may have marked its devices offline, so it records its live sessions again.
   */
  onRevived(): void;
}

/**
 * Scale-out presence after a crash: a broker killed with -9 never writes "offline" for its sessions.
 * Each broker keeps a key alive in Redis; one broker process sweeps the devices recorded as online on a
 * broker whose key has expired and marks them offline (a device that reconnected elsewhere is recorded
 * under its new broker and is left alone). Returns the function that stops both.
 */
export async function startBrokerLiveness(deps: BrokerLivenessDeps): Promise<() => Promise<void>> {
  const { redis, db, log, brokerId, heartbeatMs } = deps;
  const beat = async () => {
    try {
      const previous = await redis.set(aliveKey(brokerId), '1', 'PX', heartbeatMs * MISSED_BEATS, 'GET');
      if (previous === null) {
        log.warn({ brokerId }, 'broker liveness key had expired; recording live sessions again');
        deps.onRevived();
      }
    } catch (err) {
      log.warn({ err }, 'broker heartbeat failed');
    }
  };
  await redis.set(aliveKey(brokerId), '1', 'PX', heartbeatMs * MISSED_BEATS);
  const heartbeat = setInterval(() => void beat(), heartbeatMs);
  heartbeat.unref();

  const sweep = async () => {
    const brokers = await brokersHoldingSessions(db);
    if (brokers.length === 0) return;
    const alive = await Promise.all(brokers.map((b) => redis.exists(aliveKey(b))));
    const dead = brokers.filter((_, i) => alive[i] === 0);
    const count = await markBrokersDevicesOffline(db, dead);
    if (count > 0) log.warn({ brokers: dead, devices: count }, 'devices of brokers that stopped answering marked offline');
  };
  const sweeper = await deps.runOnce('broker-liveness-sweep', async () => {
    let running = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(sweep).catch((err: unknown) => log.warn({ err }, 'broker liveness sweep failed'));
    }, heartbeatMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  });

  return async () => {
    await sweeper.stop();
    clearInterval(heartbeat);
    await redis.del(aliveKey(brokerId)).catch(() => undefined);
  };
}
