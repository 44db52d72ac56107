import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { jsonProblem, PG_INT_MAX } from '../core/json-limits.ts';
import type { Logger } from '../core/logger.ts';
import { isProductName, type ProductName } from '../core/products.ts';
import type { IngestQueue } from '../ingest/types.ts';
import type { AcceptUplink } from './acl.ts';
import { KickError } from './acl.ts';
import type { CommandChannel } from './commands.ts';
import { isJsonObject, parseJson } from './payload.ts';
import type { Presence } from './presence.ts';
import type { DeviceSession } from './sessions.ts';
import type { BrokerStats } from './stats.ts';

export interface UplinkDeps {
  ingest: IngestQueue;
  /** Scale-out: a command ack that settles nothing here may answer a command sent by another process. */
  shared: boolean;
  presence: Presence;
  commands: CommandChannel;
  stats: BrokerStats;
  log: Logger;
}

// Config versions are PostgreSQL integers: a larger one could never be stored.
const ConfigAck = z.object({ version: z.number().int().positive().max(PG_INT_MAX) });
// A status is a small document for people to read on the device page; anything bigger or deeper is
// a firmware bug (or hostile), and stored it would be a cost on every page view.
export const STATUS_MAX_BYTES = 16 * 1024;
export const STATUS_MAX_DEPTH = 16;
const EMPTY = Buffer.alloc(0);

/**
 * What the broker does with a publish the ACL allowed, before Aedes acknowledges it: event batches
 * go to the ingest queue, control messages update presence, config and command state.
 */
export function createAcceptUplink(deps: UplinkDeps): AcceptUplink {
  return (session, kind, packet, done) => {
    deps.presence.seen(session);
    if (isProductName(kind)) return storeBatch(deps, session, kind, packet, done);
    const payload = packet.payload;
    let usable: boolean;
    switch (kind) {
      case 'status': {
        const status = readStatus(payload);
        usable = status !== undefined;
        if (status) deps.presence.reportStatus(session, status);
        break;
      }
      case 'config/ack': {
        const ack = ConfigAck.safeParse(parseJson(payload));
        usable = ack.success;
        if (ack.success) deps.presence.reportConfigVersion(session, ack.data.version);
        break;
      }
      case 'cmd/ack': {
        const outcome = deps.commands.acknowledge(session.identity.mac, toBuffer(payload));
        usable = outcome === 'settled' || (outcome === 'unknown' && deps.shared);
        break;
      }
    }
    if (usable) deps.stats.message(kind);
    else {
      deps.stats.malformed(kind);
      deps.log.info({ mac: session.identity.mac, kind }, 'unusable control message dropped');
    }
    // Acknowledged either way: a replay of a malformed message could never succeed ([MQTT-3.3.5-2] allows a positive ack).
    done(null);
  };
}

/**
 * Aedes writes the PUBACK right after this hook calls back and only then routes the message, so the
 * batch must be durable before `done` — that is what makes a PUBACK mean "stored".
 */
function storeBatch(
  deps: UplinkDeps,
  session: DeviceSession,
  product: ProductName,
  packet: { payload: Buffer | string },
  done: (err?: Error | null) => void,
): void {
  const { stats } = deps;
  stats.ingest.inFlight++;
  const arrived = performance.now();
  deps.ingest.submit(session.identity, product, toBuffer(packet.payload)).then(
    (result) => {
      stats.ingest.inFlight--;
      stats.ingest.batches++;
      stats.batchStored(performance.now() - arrived);
      stats.ingest.events += result.stored;
      stats.ingest.rejectedEvents += result.rejected;
      if (result.duplicate) stats.ingest.duplicates++;
      stats.message(product);
      // The batch is consumed here; nothing may subscribe to another device's uplink, so routing
      // its payload on through the broker would only copy it to nobody.
      packet.payload = EMPTY;
      done(null);
    },
    (err: unknown) => {
      stats.ingest.inFlight--;
      if (err instanceof AppError && err.status < 500) {
        // Unusable as a whole (not JSON, not a batch): acknowledged so the device does not replay it forever.
        stats.malformed(product);
        deps.log.info({ mac: session.identity.mac, product, code: err.code }, 'uplink batch refused');
        packet.payload = EMPTY;
        return done(null);
      }
      // Not durable (queue full or stopping): no PUBACK. The connection closes and the device resends
      // the batch after reconnecting — by then the queue has usually drained.
      stats.ingest.failures++;
      // Overload refuses thousands of batches a second: their code is the news, a stack per batch would
      // make the log itself the next bottleneck.
      const reason = err instanceof AppError ? { code: err.code } : { err };
      deps.log.warn({ ...reason, mac: session.identity.mac, product }, 'uplink batch not stored; closing without PUBACK');
      done(new KickError('ingest_refused', 'batch could not be stored'));
    },
  );
}

/**
 * A status report that PostgreSQL's jsonb can take and the device page can show: a JSON object within
 * the size and depth bounds, without NUL. Checked before it is queued, so it can never fail a flush.
 */
function readStatus(payload: Buffer | string): Record<string, unknown> | undefined {
  if (payload.length > STATUS_MAX_BYTES) return undefined;
  const status = parseJson(payload);
  return isJsonObject(status) && jsonProblem(status, STATUS_MAX_DEPTH) === null ? status : undefined;
}

const toBuffer = (payload: Buffer | string): Buffer => (typeof payload === 'string' ? Buffer.from(payload) : payload);
