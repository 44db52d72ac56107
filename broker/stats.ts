import type { UplinkKind } from '../core/topics.ts';

/** Why a CONNECT was refused. */
export type AuthFailure = 'malformed_username' | 'identifier_rejected' | 'unknown_device' | 'bad_token' | 'blocked' | 'unbound' | 'store_unavailable';

/** Why the broker dropped a connected device. */
export type Kick = 'credentials_changed' | 'rate_limited' | 'acl_publish' | 'ingest_refused';

export interface BrokerStatsSnapshot {
  connections: { current: number; total: number };
  authFailures: Partial<Record<AuthFailure, number>>;
  kicks: Partial<Record<Kick, number>>;
  aclDenials: { total: number; byDevice: Record<string, number> };
  rateLimited: number;
  oversizedPackets: number;
  keepaliveTimeouts: number;
  /** Accepted uplink messages by topic kind. */
  messages: Partial<Record<UplinkKind, number>>;
  /** Messages the broker itself published to devices (config, commands); $SYS heartbeats excluded. */
  messagesOut: number;
  /** Uplink messages whose payload was unusable (malformed batch, bad status JSON…), acknowledged and dropped. */
  malformed: Partial<Record<UplinkKind, number>>;
  ingest: {
    batches: number;
    events: number;
    rejectedEvents: number;
    duplicates: number;
    failures: number;
    inFlight: number;
    /** From a batch's arrival to its PUBACK being released (durable), over all batches stored. */
    ackLatencyMs: { total: number; max: number };
  };
  commands: { sent: number; acked: number; timedOut: number };
}

/**
 * Counters of the broker, cheap enough for the hot path (plain integer increments), read by
 * `stats()` for the API and the ingest benchmark.
 */
export class BrokerStats {
  private readonly s: BrokerStatsSnapshot = {
    connections: { current: 0, total: 0 },
    authFailures: {},
    kicks: {},
    aclDenials: { total: 0, byDevice: {} },
    rateLimited: 0,
    oversizedPackets: 0,
    keepaliveTimeouts: 0,
    messages: {},
    messagesOut: 0,
    malformed: {},
    ingest: { batches: 0, events: 0, rejectedEvents: 0, duplicates: 0, failures: 0, inFlight: 0, ackLatencyMs: { total: 0, max: 0 } },
    commands: { sent: 0, acked: 0, timedOut: 0 },
  };

  /** `onBatchStored` sees every PUBACK latency (the metrics histogram); the snapshot keeps only sum and max. */
  constructor(private readonly onBatchStored?: (ms: number) => void) {}

  connected(): void {
    this.s.connections.current++;
    this.s.connections.total++;
  }

  disconnected(): void {
    this.s.connections.current--;
  }

  authFailed(reason: AuthFailure): void {
    this.s.authFailures[reason] = (this.s.authFailures[reason] ?? 0) + 1;
  }

  kicked(reason: Kick): void {
    this.s.kicks[reason] = (this.s.kicks[reason] ?? 0) + 1;
  }

  aclDenied(mac: string): void {
    this.s.aclDenials.total++;
    this.s.aclDenials.byDevice[mac] = (this.s.aclDenials.byDevice[mac] ?? 0) + 1;
  }

  rateLimited(): void {
    this.s.rateLimited++;
  }

  oversized(): void {
    this.s.oversizedPackets++;
  }

  keepaliveTimeout(): void {
    this.s.keepaliveTimeouts++;
  }

  message(kind: UplinkKind): void {
    this.s.messages[kind] = (this.s.messages[kind] ?? 0) + 1;
  }

  published(): void {
    this.s.messagesOut++;
  }

  malformed(kind: UplinkKind): void {
    this.s.malformed[kind] = (this.s.malformed[kind] ?? 0) + 1;
  }

  /** A batch became durable `ms` after it arrived. */
  batchStored(ms: number): void {
    const latency = this.s.ingest.ackLatencyMs;
    latency.total += ms;
    if (ms > latency.max) latency.max = ms;
    this.onBatchStored?.(ms);
  }

  get ingest(): BrokerStatsSnapshot['ingest'] {
    return this.s.ingest;
  }

  get commands(): BrokerStatsSnapshot['commands'] {
    return this.s.commands;
  }

  /** A deep copy, safe to serialise or diff between two readings. */
  snapshot(): BrokerStatsSnapshot {
    return structuredClone(this.s);
  }
}
