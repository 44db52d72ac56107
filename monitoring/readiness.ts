/** One dependency the platform needs to do its job, checked live. */
export interface ReadinessProbes {
  postgres(): Promise<unknown>;
  clickhouse(): Promise<unknown>;
  /** The MQTT listeners accept devices. */
  broker(): boolean;
  /** Events waiting to be stored, and the limit beyond which batches are refused. */
  ingest(): { pending: number; limit: number };
}

export interface Readiness {
  ready: boolean;
  checks: Record<'postgres' | 'clickhouse' | 'broker' | 'ingest', { ok: boolean; detail?: string }>;
}

/** A check that takes longer than this counts as failed: a load balancer (or the alert beat) should not wait on a hung store. */
const PROBE_TIMEOUT_MS = 2000;

/** The check's result, or a rejection once PROBE_TIMEOUT_MS pass without one. */
export async function withDeadline<T>(check: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; detail?: string }> {
  try {
    await withDeadline(check);
    return { ok: true };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

/** `/readyz`: ready when PostgreSQL and ClickHouse answer, the broker listens and the ingest queue is below its limit. */
export async function checkReadiness(probes: ReadinessProbes): Promise<Readiness> {
  const [postgres, clickhouse] = await Promise.all([probe(probes.postgres), probe(probes.clickhouse)]);
  const { pending, limit } = probes.ingest();
  const checks: Readiness['checks'] = {
    postgres,
    clickhouse,
    broker: probes.broker() ? { ok: true } : { ok: false, detail: 'MQTT listeners are not accepting devices' },
    ingest: pending < limit ? { ok: true } : { ok: false, detail: `${pending} events waiting, limit ${limit}` },
  };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
