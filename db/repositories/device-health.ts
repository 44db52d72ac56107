import type { Db } from '../../core/postgres.ts';

/**
 * Receivers in service (bound, not blocked) that were seen at least once and not since `cutoff`: the
 * ones someone should go and look at. Never-seen devices are not in service yet, so not counted.
 */
export async function offlineReceivers(db: Db, cutoff: Date, sampleSize: number): Promise<{ count: number; macs: string[] }> {
  const stale = () =>
    db('devices').whereNotNull('organization_id').where({ status: 'active', online: false }).where('last_seen_at', '<', cutoff);
  const [counted, sample] = await Promise.all([
    stale().first(db.raw('count(*)::int AS n')) as Promise<{ n: number }>,
    stale().orderBy('last_seen_at').limit(sampleSize).pluck('mac') as Promise<string[]>,
  ]);
  return { count: counted.n, macs: sample };
}
