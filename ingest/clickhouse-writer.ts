import { insertEncoded, type ClickHouseClient } from '../core/clickhouse.ts';
import type { TableTarget } from './enrich.ts';

/**
 * One INSERT of pre-encoded TabSeparated rows (UTF-8 bytes, or text). TabSeparated is the cheapest text
 * format to build and for ClickHouse to parse (measured ~1.5–2× faster than JSONEachRow through chDB),
 * and embedded chDB takes the bytes without a copy (core/clickhouse.ts insertEncoded).
 */
export async function insertRows(ch: ClickHouseClient, target: TableTarget, rows: Buffer | string): Promise<void> {
  await insertEncoded(ch, {
    table: target.table,
    columns: target.columns,
    values: rows,
    format: 'TabSeparated',
    // A retried INSERT is dropped by the table's dedup window; this lets the materialized views (WiFi
    // aggregates) still receive it if it was their write that failed, deduplicated in their own tables.
    settings: { deduplicate_blocks_in_dependent_materialized_views: 1 },
  });
}

// ClickHouse error codes that mean "these rows cannot be parsed into these columns": CANNOT_PARSE_TEXT,
// CANNOT_PARSE_QUOTED_STRING, CANNOT_PARSE_INPUT_ASSERTION_FAILED, ATTEMPT_TO_READ_AFTER_EOF,
// CANNOT_PARSE_DATE, CANNOT_PARSE_DATETIME, TYPE_MISMATCH, ARGUMENT_OUT_OF_BOUND, CANNOT_CONVERT_TYPE,
// CANNOT_PARSE_NUMBER, INCORRECT_DATA, TOO_LARGE_STRING_SIZE, VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE,
// CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN. Anything else (network, memory, too many parts…) may pass.
const DATA_ERROR_CODES = new Set([6, 26, 27, 32, 38, 41, 53, 69, 70, 72, 117, 131, 321, 349]);

/**
 * Whether an INSERT failed on the rows' content: the server client's error carries the code, chDB's
 * message starts with `Code: NN.`.
 */
export function refusedAsData(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  const number = /^\d+$/.test(String(code)) ? Number(code) : Number(/^Code: (\d+)\./.exec(String(message))?.[1]);
  return DATA_ERROR_CODES.has(number);
}

/**
 * Batch ids stored in the last `windowSeconds` across the given event tables, oldest first. The
 * received_at minmax skip index keeps this to the parts written recently; TabSeparated because this can
 * be millions of rows at start-up, which it reads about twice as fast as JSON.
 */
export async function recentBatchIds(
  ch: ClickHouseClient,
  tables: readonly string[],
  windowSeconds: number,
): Promise<Array<{ batchId: string; at: number }>> {
  const union = tables
    .map((table) => `SELECT batch_id, received_at FROM ${table} WHERE received_at > now64(3) - INTERVAL {window:UInt32} SECOND`)
    .join(' UNION ALL ');
  const result = await ch.query({
    query: `SELECT batch_id, toUnixTimestamp64Milli(max(received_at)) AS at FROM (${union}) GROUP BY batch_id ORDER BY at`,
    query_params: { window: windowSeconds },
    format: 'TabSeparated',
  });
  const text = await result.text();
  const ids: Array<{ batchId: string; at: number }> = [];
  for (let start = 0; start < text.length; ) {
    const tab = text.indexOf('\t', start);
    const end = text.indexOf('\n', tab);
    ids.push({ batchId: text.slice(start, tab), at: Number(text.slice(tab + 1, end)) });
    start = end + 1;
  }
  return ids;
}

/**
 * Which of these batches a table already holds. Each batch carries its arrival time, so the scan is
 * bounded to the parts written around those times (received_at minmax index), not the whole window.
 */
export async function storedBatchIds(
  ch: ClickHouseClient,
  table: string,
  batches: ReadonlyArray<{ batchId: string; receivedAt: number }>,
): Promise<Set<string>> {
  if (batches.length === 0) return new Set();
  const times = batches.map((b) => b.receivedAt);
  const result = await ch.query({
    query: `SELECT DISTINCT toString(batch_id) AS id FROM ${table}
            WHERE received_at BETWEEN fromUnixTimestamp64Milli({from:Int64}) AND fromUnixTimestamp64Milli({to:Int64})
              AND batch_id IN {ids:Array(UInt64)}`,
    query_params: { from: Math.min(...times), to: Math.max(...times), ids: batches.map((b) => BigInt(b.batchId)) },
    format: 'TabSeparated',
  });
  const text = await result.text();
  return new Set(text.split('\n').filter(Boolean));
}
