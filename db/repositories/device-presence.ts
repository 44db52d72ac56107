import type { Db } from '../../core/postgres.ts';

/** The latest known state of one device, as the broker accumulated it since its last flush. */
export interface PresenceUpdate {
  deviceId: number;
  /** Undefined = unchanged. */
  online?: boolean;
  lastSeenAt?: Date;
  /** A legacy HTTP bridge request (such devices have no MQTT session to be online with). */
  httpSeenAt?: Date;
  reportedStatus?: Record<string, unknown>;
  reportedConfigVersion?: number;
}

/** No device has a live session right after a (re)start of the only broker. */
export async function markAllDevicesOffline(db: Db): Promise<number> {
  return db('devices').where({ online: true }).update({ online: false });
}

/**
 * Writes many devices' presence in one statement (the broker batches; never one UPDATE per message).
 * Absent fields keep their stored value; last_seen_at never moves backwards.
 */
export async function applyPresence(db: Db, updates: readonly PresenceUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  // One JSON document of rows rather than array bindings: knex would expand an array binding into a list.
  const rows = updates.map((u) => ({
    id: u.deviceId,
    online: u.online ?? null,
    last_seen_at: u.lastSeenAt?.toISOString() ?? null,
    http_seen_at: u.httpSeenAt?.toISOString() ?? null,
    reported_status: u.reportedStatus ?? null,
    reported_config_version: u.reportedConfigVersion ?? null,
  }));
  await db.raw(
    `UPDATE devices AS d SET
       online = COALESCE(u.online, d.online),
       last_seen_at = GREATEST(d.last_seen_at, u.last_seen_at),
       http_seen_at = GREATEST(d.http_seen_at, u.http_seen_at),
       reported_status = COALESCE(u.reported_status, d.reported_status),
       reported_config_version = COALESCE(u.reported_config_version, d.reported_config_version)
     FROM jsonb_to_recordset(?::jsonb)
       AS u(id int, online boolean, last_seen_at timestamptz, http_seen_at timestamptz, reported_status jsonb, reported_config_version int)
     WHERE d.id = u.id`,
    [JSON.stringify(rows)],
  );
}
