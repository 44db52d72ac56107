import type { Redis } from '../core/redis.ts';
import type { ProductName } from '../core/products.ts';

/**
 * The Redis side of scale-out ingest, shared by the producers (brokers, HTTP bridge) and the consumers
 * (ingest workers): one stream per product (a failing table holds back only its product), one consumer
 * group, and the keys that remember which batches were appended.
 *
 * An entry is one device batch: `b` batch id, `n` event count, `t` arrival time (ms), `r` its
 * TabSeparated rows exactly as the in-process queue would INSERT them (identity and arrival time
 * already in them), so a worker only concatenates entries into one INSERT.
 */
export const CONSUMER_GROUP = 'ingest';
export const streamKey = (product: ProductName): string => `mybeacon:ingest:${product}`;
export const appendedKey = (batchId: string): string => `mybeacon:ingest:appended:${batchId}`;

/** What the append script answers. */
export const APPENDED = 1;
export const ALREADY_APPENDED = 0;
export const STREAM_FULL = -1;

/**
 * Append, atomically: a batch whose key exists was appended before (a replay through any broker) and
 * is not added twice; a stream already holding `maxLen` entries refuses it (back-pressure: nothing
 * unacknowledged is ever trimmed, so the only bound is refusing new work). The key is written with the
 * entry, in the same AOF record, so after a crash both exist or neither does.
 *
 * KEYS: stream, appended key. ARGV: max entries, dedup seconds, batch id, events, arrival ms, rows.
 */
const APPEND_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return ${ALREADY_APPENDED} end
if tonumber(ARGV[4]) > 0 then
  if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return ${STREAM_FULL} end
  redis.call('XADD', KEYS[1], '*', 'b', ARGV[3], 'n', ARGV[4], 't', ARGV[5], 'r', ARGV[6])
end
redis.call('SET', KEYS[2], '1', 'EX', ARGV[2])
return ${APPENDED}
`;

/**
 * Trims the entries every consumer of the group has acknowledged — and nothing else. XADD MAXLEN would
 * cut by count, acknowledged or not (the known pitfall: a slow worker loses its backlog); here the cut is
 * the oldest entry still pending, or, when none is, the first one not yet delivered. Read and cut in one
 * script so no delivery or acknowledgement can fall between the two.
 *
 * KEYS: stream. ARGV: group. Returns the number of entries removed.
 */
const TRIM_SCRIPT = `
local ok, groups = pcall(redis.call, 'XINFO', 'GROUPS', KEYS[1])
if not ok then return 0 end
local last
for _, g in ipairs(groups) do
  local name, delivered
  for i = 1, #g, 2 do
    if g[i] == 'name' then name = g[i + 1] elseif g[i] == 'last-delivered-id' then delivered = g[i + 1] end
  end
  if name == ARGV[1] then last = delivered end
end
if not last then return 0 end
local pending = redis.call('XPENDING', KEYS[1], ARGV[1])
local minid
if pending[1] > 0 then
  minid = pending[2]
else
  local ms, seq = string.match(last, '^(%d+)-(%d+)$')
  minid = ms .. '-' .. string.format('%d', tonumber(seq) + 1)
end
return redis.call('XTRIM', KEYS[1], 'MINID', minid)
`;

/** The scripts as commands on a client (ioredis loads them by SHA and resends them after a Redis restart). */
export interface StreamCommands {
  mybeaconAppend(stream: string, key: string, maxLen: number, ttlSeconds: number, batchId: string, events: number, at: number, rows: string): Promise<number>;
  mybeaconTrim(stream: string, group: string): Promise<number>;
}

export function defineStreamCommands(redis: Redis): Redis & StreamCommands {
  redis.defineCommand('mybeaconAppend', { numberOfKeys: 2, lua: APPEND_SCRIPT });
  redis.defineCommand('mybeaconTrim', { numberOfKeys: 1, lua: TRIM_SCRIPT });
  return redis as Redis & StreamCommands;
}

/** Creates the consumer group (from the stream's first entry, so nothing appended before is skipped). */
export async function ensureConsumerGroup(redis: Redis, stream: string): Promise<void> {
  try {
    await redis.xgroup('CREATE', stream, CONSUMER_GROUP, '0', 'MKSTREAM');
  } catch (err) {
    if (!String((err as Error).message).startsWith('BUSYGROUP')) throw err;
  }
}

/** Where a product stream stands: entries kept, entries delivered but unacknowledged, and whether every entry was delivered. */
export interface StreamBacklog {
  length: number;
  pending: number;
  allDelivered: boolean;
}

export async function streamBacklog(redis: Redis, stream: string): Promise<StreamBacklog> {
  const info = fields((await redis.xinfo('STREAM', stream)) as unknown[]);
  const groups = ((await redis.xinfo('GROUPS', stream)) as unknown[][]).map(fields);
  const group = groups.find((g) => g.name === CONSUMER_GROUP);
  return {
    length: Number(info.length),
    pending: Number(group?.pending ?? 0),
    allDelivered: group !== undefined && group['last-delivered-id'] === info['last-generated-id'],
  };
}

/** A Redis reply of alternating names and values (XINFO, stream entry fields) as an object. */
export function fields(flat: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}
