import type { Db } from '../../core/postgres.ts';

/** Reads a platform setting, falling back to the given default when it was never set. */
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
