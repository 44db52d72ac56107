import type { Db } from '../../core/postgres.ts';

/** Events refused from one device since the last write, and the latest reason. */
export interface DeviceRejections {
  deviceId: number;
  count: number;
  lastError: string;
  lastErrorAt: Date;
}

/**
 * Adds refused-event counts to many devices in one statement (the ingest path batches them instead of
 * updating per message). A device deleted meanwhile is simply skipped.
 */
export async function addDeviceRejections(db: Db, entries: readonly DeviceRejections[]): Promise<void> {
  if (entries.length === 0) return;
  await db.raw(
    `UPDATE devices AS d
        SET rejected_events = d.rejected_events + v.count,
            last_error = v.last_error,
            last_error_at = v.last_error_at
       FROM unnest(?::int[], ?::bigint[], ?::text[], ?::timestamptz[]) AS v(id, count, last_error, last_error_at)
      WHERE d.id = v.id`,
    [
      entries.map((e) => e.deviceId),
      entries.map((e) => e.count),
      entries.map((e) => e.lastError),
      entries.map((e) => e.lastErrorAt.toISOString()),
    ],
  );
}
