import { randomUUID } from 'node:crypto';
import type { Aedes } from 'aedes';
import type { MQEmitter } from 'mqemitter';
import { z } from 'zod';
import { AppError, conflict } from '../core/errors.ts';
import { deviceTopic } from '../core/topics.ts';
import { parseJson } from './payload.ts';
import type { BrokerStats } from './stats.ts';

/** A command for a device: a name its firmware knows and free-form arguments. */
export interface DeviceCommand {
  name: string;
  args?: Record<string, unknown>;
}

/** What the device answered on `devices/<mac>/cmd/ack`. */
export const CommandAckSchema = z.object({
  id: z.string().min(1),
  ok: z.boolean(),
  result: z.unknown().optional(),
  error: z.string().optional(),
});
export type CommandAck = z.output<typeof CommandAckSchema>;

interface Pending {
  mac: string;
  resolve(ack: CommandAck): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export const deviceOffline = (mac: string) =>
  conflict('device_offline', 'The device is not connected', { mac });

/** What an ack on `devices/<mac>/cmd/ack` turned out to be, for the process that received it. */
export type AckOutcome = 'settled' | 'unknown' | 'malformed';

// An ack published on any broker reaches every process listening here (scale-out routing).
const ACK_TOPICS = 'devices/+/cmd/ack';

/**
 * Request/response over MQTT: publishes `{id, name, args}` on `devices/<mac>/cmd` and settles when
 * the same device acknowledges that id on `devices/<mac>/cmd/ack`, or fails after the timeout.
 * Given the shared message emitter (scale-out), it also hears acks that reached another broker: the
 * process that sent a command need not be the one the device is connected to.
 */
export class CommandChannel {
  private readonly pending = new Map<string, Pending>();
  private readonly onRoutedAck = (packet: { topic: string; payload?: unknown }, done: () => void) => {
    const mac = packet.topic.split('/')[1] ?? '';
    if (Buffer.isBuffer(packet.payload)) this.acknowledge(mac, packet.payload);
    done();
  };

  constructor(
    private readonly broker: Aedes,
    private readonly stats: BrokerStats,
    private readonly routed?: MQEmitter,
  ) {
    routed?.on(ACK_TOPICS, this.onRoutedAck);
  }

  send(mac: string, command: DeviceCommand, timeoutMs: number): Promise<CommandAck> {
    const id = randomUUID();
    return new Promise<CommandAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.stats.commands.timedOut++;
        reject(new AppError(504, 'command_timeout', `The device did not acknowledge the command within ${timeoutMs} ms`, { id, mac }));
      }, timeoutMs);
      this.pending.set(id, { mac, resolve, reject, timer });
      const payload = Buffer.from(JSON.stringify({ id, name: command.name, args: command.args ?? {} }));
      this.broker.publish({ cmd: 'publish', topic: deviceTopic(mac, 'cmd'), payload, qos: 1, retain: false, dup: false }, (err) => {
        if (err) this.settle(id, (p) => p.reject(err));
      });
      this.stats.commands.sent++;
    });
  }

  /** An ack from `mac`: settles this process's command, or answers nothing sent here (or is malformed). */
  acknowledge(mac: string, payload: Buffer): AckOutcome {
    const ack = CommandAckSchema.safeParse(parseJson(payload));
    if (!ack.success) return 'malformed';
    if (this.pending.get(ack.data.id)?.mac !== mac) return 'unknown';
    this.stats.commands.acked++;
    this.settle(ack.data.id, (p) => p.resolve(ack.data));
    return 'settled';
  }

  /** The device's session ended: its commands can no longer be answered. */
  deviceGone(mac: string): void {
    for (const [id, p] of this.pending) if (p.mac === mac) this.settle(id, (x) => x.reject(deviceOffline(mac)));
  }

  /** Fails every waiting command (broker shutting down). */
  close(): void {
    this.routed?.removeListener(ACK_TOPICS, this.onRoutedAck);
    for (const [id, p] of this.pending) this.settle(id, (x) => x.reject(deviceOffline(p.mac)));
  }

  private settle(id: string, how: (p: Pending) => void): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    how(p);
  }
}
