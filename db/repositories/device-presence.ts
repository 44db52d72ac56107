import type { Db } from '../../core/postgres.ts';

/** The latest known state of one device, as the broker accumulated it since its last flush. */
export interface PresenceUpdate {
  deviceId: number;
  /** Undefined = unchanged. */
  online?: boolean;
  /**
   * The session the online/offline change is about: when it started and on which broker. Going online
   * records both; going offline applies only if no later session was recorded meanwhile (a device that
   * moved to another broker stays online, whichever broker's write lands last).
   */
  session?: { startedAt: Date; broker: string };
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

/** Brokers named as holding a live session. */
export async function brokersHoldingSessions(db: Db): Promise<string[]> {
  const rows = await db('devices').distinct('online_broker').where({ online: true }).whereNotNull('online_broker');
  return rows.map((r: { online_broker: string }) => r.online_broker);
}

/** The devices of brokers that are gone: offline (their sessions died with them). */
export async function markBrokersDevicesOffline(db: Db, brokers: string[]): Promise<number> {
  if (brokers.length === 0) return 0;
  return db('devices').where({ online: true }).whereIn('online_broker', brokers).update({ online: false });
}

/**
 * Writes many devices' presence in one statement (the broker batches; never one UPDATE per message).
 * Absent fields keep their stored value; last_seen_at never moves backwards.
 */
// An online/offline write applies unless a later session of the device was recorded already.
const NEWER = '(u.session_started_at IS NULL OR d.online_since IS NULL OR u.session_started_at >= d.online_since)';

export async function applyPresence(db: Db, updates: readonly PresenceUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  // One JSON document of rows rather than array bindings: knex would expand an array binding into a list.
  const rows = updates.map((u) => ({
    id: u.deviceId,
    online: u.online ?? null,
    session_started_at: u.session?.startedAt.toISOString() ?? null,
    session_broker: u.session?.broker ?? null,
    last_seen_at: u.lastSeenAt?.toISOString() ?? null,
    http_seen_at: u.httpSeenAt?.toISOString() ?? null,
    reported_status: u.reportedStatus ?? null,
    reported_config_version: u.reportedConfigVersion ?? null,
  }));
  await db.raw(
    `UPDATE devices AS d SET
       online = CASE WHEN u.online IS NOT NULL AND ${NEWER} THEN u.online ELSE d.online END,
       online_since = CASE WHEN u.online AND ${NEWER} THEN u.session_started_at ELSE d.online_since END,
       online_broker = CASE WHEN u.online AND ${NEWER} THEN u.session_broker ELSE d.online_broker END,
       last_seen_at = GREATEST(d.last_seen_at, u.last_seen_at),
       http_seen_at = GREATEST(d.http_seen_at, u.http_seen_at),
       reported_status = COALESCE(u.reported_status, d.reported_status),
       reported_config_version = COALESCE(u.reported_config_version, d.reported_config_version)
     FROM jsonb_to_recordset(?::jsonb)
       AS u(id int, online boolean, session_started_at timestamptz, session_broker text, last_seen_at timestamptz, http_seen_at timestamptz, reported_status jsonb, reported_config_version int)
     WHERE d.id = u.id`,
    [JSON.stringify(rows)],
  );
}

/** Whether some broker recorded a live session for the device (as of its last presence flush). */
export async function isDeviceOnline(db: Db, mac: string): Promise<boolean> {
  const row = await db('devices').first('online').where({ mac });
  return row?.online === true;
}
