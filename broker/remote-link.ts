import { Aedes } from 'aedes';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import { isDeviceOnline } from '../db/repositories/device-presence.ts';
import type { BrokerCluster } from './cluster.ts';
import { CommandChannel, deviceOffline } from './commands.ts';
import type { DeviceLink } from './server.ts';
import { DeviceBudgets } from './rate-limit.ts';
import { BrokerStats } from './stats.ts';

/**
 * The device link of a process that runs no broker (the `api` role in scale-out): an Aedes instance
 * with no listener, sharing the brokers' routing and persistence in Redis, so its command publishes
 * reach the broker holding the device and the device's ack comes back over the same routing. Whether a
 * device is connected is what the brokers recorded in PostgreSQL (within one presence flush).
 */
export async function startRemoteDeviceLink(deps: {
  cluster: BrokerCluster;
  db: Db;
  log: Logger;
  /** The per-device message budget of the HTTP bridge in this process (MQTT_MAX_MESSAGES_PER_SECOND). */
  maxMessagesPerSecond: number;
}): Promise<DeviceLink & { stop(): Promise<void> }> {
  const broker = new Aedes({ mq: deps.cluster.mq, persistence: deps.cluster.persistence });
  await broker.listen();
  const stats = new BrokerStats();
  const commands = new CommandChannel(broker, stats, deps.cluster.mq);
  const budgets = new DeviceBudgets(deps.maxMessagesPerSecond);
  deps.log.info({ broker: broker.id }, 'device link over the brokers\' shared routing ready');
  return {
    async sendCommand(mac, command, timeoutMs) {
      if (!(await isDeviceOnline(deps.db, mac))) throw deviceOffline(mac);
      return commands.send(mac, command, timeoutMs);
    },
    // Sessions live in the broker processes; this process holds none.
    isOnline: () => false,
    admitMessage: (deviceId) => budgets.take(deviceId),
    stats: () => stats.snapshot(),
    // No presence is kept here: the brokers write it.
    flushPresence: async () => undefined,
    async stop() {
      commands.close();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await deps.cluster.close();
    },
  };
}
