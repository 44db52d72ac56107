import type { Db } from '../../core/postgres.ts';

/** Reads a platform setting, falling back to the given default for keys never set. */
export async function getSetting<T>(db: Db, key: string, fallback: T): Promise<T> {
  const row = await db('settings').where({ key }).first('value');
  return row ? ({ ...fallback, ...(row.value as object) } as T) : fallback;
}

export async function putSetting<T>(db: Db, key: string, value: T): Promise<T> {
  await db('settings')
    .insert({ key, value: JSON.stringify(value), updated_at: db.fn.now() })
    .onConflict('key')
    .merge();
  return value;
}

/**
 * Merges some fields into a setting in one statement (jsonb `||`), so two writers touching different
 * fields (a superadmin toggling, a device registering) never overwrite each other.
 */
export async function mergeSetting(db: Db, key: string, fields: Record<string, unknown>): Promise<void> {
  await db.raw(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = settings.value || EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(fields)],
  );
}
