import type { Aedes } from 'aedes';
import { mergedDeviceConfig, type ConfigObject } from '../core/device-config.ts';
import type { Logger } from '../core/logger.ts';
import { deviceTopic } from '../core/topics.ts';

/** The document a device finds on `devices/<mac>/config`. */
export interface ConfigMessage {
  version: number;
  config: ConfigObject;
}

/**
 * Publishes each device's merged config as a retained message, so the device gets it whenever it
 * subscribes (at every connect) and live while subscribed. Remembers the version it retained per
 * MAC so a reconnect does not republish an unchanged config.
 */
export class ConfigPush {
  private readonly retained = new Map<string, number>();

  constructor(
    private readonly broker: Aedes,
    private readonly log: Logger,
  ) {}

  /** Retains the config for the device unless this exact version is already retained. */
  push(mac: string, overrides: ConfigObject, version: number): void {
    if (this.retained.get(mac) === version) return;
    this.retained.set(mac, version);
    const message: ConfigMessage = { version, config: mergedDeviceConfig(overrides) };
    this.publish(mac, Buffer.from(JSON.stringify(message)));
  }

  /** Drops the retained config of a deleted device. */
  forget(mac: string): void {
    if (!this.retained.delete(mac)) return;
    // [MQTT-3.3.1-10] a retained message with an empty payload removes the retained message.
    this.publish(mac, Buffer.alloc(0));
  }

  private publish(mac: string, payload: Buffer): void {
    const topic = deviceTopic(mac, 'config');
    this.broker.publish({ cmd: 'publish', topic, payload, qos: 1, retain: true, dup: false }, (err) => {
      if (err) {
        this.retained.delete(mac);
        this.log.error({ err, mac }, 'config publish failed');
      }
    });
  }
}
