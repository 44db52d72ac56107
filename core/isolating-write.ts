import { isDataError } from './postgres.ts';

/** What a batched write left to do: the items to try again later, and why (absent when all were settled). */
export interface IsolatedWrite<T> {
  retry: T[];
  error?: unknown;
}

/**
 * One write for many items, as batched writers do (presence, reject counters). When it fails on the
 * values (`isDataError`), each item is written alone and the ones refused are handed to `dropped`, so
 * one poison item never holds back the others, forever, at every retry. When it fails for any other
 * reason (the database is down) the unwritten items are returned to be retried.
 */
export async function writeIsolating<T>(
  items: readonly T[],
  write: (items: readonly T[]) => Promise<unknown>,
  dropped: (item: T, err: unknown) => void,
): Promise<IsolatedWrite<T>> {
  try {
    await write(items);
    return { retry: [] };
  } catch (err) {
    if (!isDataError(err)) return { retry: [...items], error: err };
  }
  for (let i = 0; i < items.length; i++) {
    try {
      await write([items[i]!]);
    } catch (err) {
      if (!isDataError(err)) return { retry: items.slice(i), error: err };
      dropped(items[i]!, err);
    }
  }
  return { retry: [] };
}
