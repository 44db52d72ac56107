import { Aedes } from 'aedes';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import { isDeviceOnline } from '../db/repositories/device-presence.ts';
import type { BrokerCluster } from './cluster.ts';
import { CommandChannel, deviceOffline } from './commands.ts';
import type { DeviceLink } from './server.ts';
import { BrokerStats } from './stats.ts';

/**
 * The device link of a process that runs no broker (the `api` role in scale-out): an Aedes instance
 * with no listener, sharing the brokers' routing and persistence in Redis, so its command publishes
 * reach the broker holding the device and the device's ack comes back over the same routing. Whether a
 * device is connected is what the brokers recorded in PostgreSQL (within one presence flush).
 */
export async function startRemoteDeviceLink(deps: { cluster: BrokerCluster; db: Db; log: Logger }): Promise<DeviceLink & { stop(): Promise<void> }> {
  const broker = new Aedes({ mq: deps.cluster.mq, persistence: deps.cluster.persistence });
  await broker.listen();
  const stats = new BrokerStats();
  const commands = new CommandChannel(broker, stats, deps.cluster.mq);
  deps.log.info({ broker: broker.id }, 'device link over the brokers\' shared routing ready');
  return {
    async sendCommand(mac, command, timeoutMs) {
      if (!(await isDeviceOnline(deps.db, mac))) throw deviceOffline(mac);
      return commands.send(mac, command, timeoutMs);
    },
    // Sessions live in the broker processes; this process holds none.
    isOnline: () => false,
    stats: () => stats.snapshot(),
    async stop() {
      commands.close();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await deps.cluster.close();
    },
  };
}
