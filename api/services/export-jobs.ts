import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../core/postgres.ts';
import { failInterruptedExports, updateExport, type ExportRow } from '../../db/repositories/exports.ts';

export type ExportFormat = 'csv' | 'json';

/** One bounded piece of an export: fetches its rows already rendered (CSV lines or JSON objects, one per line). */
export interface ExportSlice {
  /** Rows the slice is expected to hold, for progress (an estimate is fine). */
  weight: number;
  fetch(): Promise<string>;
}

/** What a product hands the runner: the column names and the slices, in file order. */
export interface ExportSource {
  columns: readonly string[];
  slices: ExportSlice[];
}

export interface ExportLimits {
  /** Exports of one organization queued or running at once; more are refused (429 too_many_exports). */
  maxPerOrganization: number;
}

interface Queued {
  job: ExportRow;
  source: () => Promise<ExportSource>;
}

const MIME: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' };

/**
 * Runs exports in the background, one at a time (they are heavy and the box is small), writing each
 * slice to a file as soon as it arrives: memory stays bounded by one slice, whatever the export's size.
 * Progress, row count and size are stored on the job row as it goes. Each organization has its own
 * queue, bounded, and the organizations take turns: one tenant's pile of exports delays another's by
 * at most one export. Files are owner-only (they hold a tenant's raw data).
 */
export class ExportJobs {
  /** Waiting exports per organization (organizations with none are absent). */
  private readonly queues = new Map<number, Queued[]>();
  /** When each organization with unfinished exports last had one started (a running count of starts). */
  private readonly servedAt = new Map<number, number>();
  private starts = 0;
  /** Queued or running exports per organization, counted from before the job row is created. */
  private readonly unfinished = new Map<number, number>();
  private running: Promise<void> | null = null;
  private stopping = false;

  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly dir: string,
    private readonly log: Logger,
    /** Finished files are deleted after this long; their history rows stay (a download then answers 410). */
    private readonly keepDays: number,
    private readonly limits: ExportLimits,
  ) {}

  /** Marks jobs of a previous run that can no longer finish, and starts pruning old files (hourly). */
  async recover(): Promise<void> {
    // A tenant's raw data: owner-only, also when an earlier version created the folder readable.
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    const failed = await failInterruptedExports(this.db);
    if (failed) this.log.warn({ failed }, 'exports interrupted by the last shutdown marked failed');
    await this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), 3_600_000);
    this.pruneTimer.unref();
  }

  /** Deletes export files older than the retention. */
  async prune(now = Date.now()): Promise<void> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of files) {
      const file = path.join(this.dir, name);
      const { mtimeMs } = await stat(file);
      if (now - mtimeMs > this.keepDays * 86_400_000) await rm(file, { force: true });
    }
  }

  /**
   * Creates an export job (`create` inserts its row) and queues it behind the organization's earlier
   * ones; 429 too_many_exports, with nothing created, when the organization is at its limit.
   */
  async submit(organizationId: number, create: () => Promise<ExportRow>, source: () => Promise<ExportSource>): Promise<ExportRow> {
    const unfinished = this.unfinished.get(organizationId) ?? 0;
    const max = this.limits.maxPerOrganization;
    if (unfinished >= max) {
      throw new AppError(429, 'too_many_exports', `At most ${max} exports may be queued or running at once; wait for one to finish`, { max });
    }
    // Taken before the insert, so concurrent requests cannot all pass the check.
    this.unfinished.set(organizationId, unfinished + 1);
    let job: ExportRow;
    try {
      job = await create();
    } catch (err) {
      this.finished(organizationId);
      throw err;
    }
    const queue = this.queues.get(organizationId);
    if (queue) queue.push({ job, source });
    else this.queues.set(organizationId, [{ job, source }]);
    this.running ??= this.drain().finally(() => (this.running = null));
    return job;
  }

  filePath(job: Pick<ExportRow, 'id' | 'format'>): string {
    return path.join(this.dir, `${job.id}.${job.format}`);
  }

  mimeType = (format: string): string => MIME[format as ExportFormat] ?? 'application/octet-stream';

  /** Stops the hourly pruning (this process no longer holds the job). */
  async stopPruning(): Promise<void> {
    clearInterval(this.pruneTimer);
  }

  /** Lets the running export finish its current slice, then stops (queued jobs are failed on next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.stopPruning();
    await this.running;
  }

  private async drain(): Promise<void> {
    for (let next = this.next(); next && !this.stopping; next = this.next()) {
      try {
        await this.run(next.job, next.source);
      } finally {
        this.finished(next.job.organization_id);
      }
    }
  }

  /**
   * The oldest waiting export of the organization served longest ago (never, for one whose exports all
   * finished): organizations take turns, whatever each has piled up. Ties go by arrival.
   */
  private next(): Queued | undefined {
    let pick: number | undefined;
    for (const id of this.queues.keys()) {
      if (pick === undefined || (this.servedAt.get(id) ?? -1) < (this.servedAt.get(pick) ?? -1)) pick = id;
    }
    if (pick === undefined) return undefined;
    const queue = this.queues.get(pick)!;
    const next = queue.shift()!;
    if (queue.length === 0) this.queues.delete(pick);
    this.servedAt.set(pick, this.starts++);
    return next;
  }

  private finished(organizationId: number): void {
    const left = (this.unfinished.get(organizationId) ?? 1) - 1;
    if (left > 0) {
      this.unfinished.set(organizationId, left);
    } else {
      this.unfinished.delete(organizationId);
      this.servedAt.delete(organizationId);
    }
  }

  private async run(job: ExportRow, makeSource: () => Promise<ExportSource>): Promise<void> {
    const file = this.filePath(job);
    await updateExport(this.db, job.id, { status: 'running' });
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const source = await makeSource();
      const rows = await this.write(job, source, file);
      const { size } = await stat(file);
      await updateExport(this.db, job.id, { status: 'done', progress: 1, rows, bytes: size, finished_at: new Date() });
    } catch (err) {
      this.log.error({ err, export: job.id }, 'export failed');
      await rm(file, { force: true });
      const error = this.stopping ? 'interrupted by a platform shutdown' : 'the export could not be completed';
      await updateExport(this.db, job.id, { status: 'failed', error, finished_at: new Date() });
    }
  }

  private async write(job: ExportRow, source: ExportSource, file: string): Promise<number> {
    const out = createWriteStream(file, { mode: 0o600 });
    const total = source.slices.reduce((n, s) => n + s.weight, 0) || 1;
    const csv = job.format === 'csv';
    let rows = 0;
    let done = 0;
    try {
      await put(out, csv ? `${source.columns.join(',')}\n` : '[');
      for (const slice of source.slices) {
        if (this.stopping) throw new Error('stopping');
        const text = await slice.fetch();
        const lines = text ? text.replace(/\n$/, '').split('\n').length : 0;
        if (lines) {
          // JSON: objects come one per line; join them into one array across slices.
          await put(out, csv ? text : `${rows ? ',' : ''}\n${text.replace(/\n$/, '').replace(/\n/g, ',\n')}`);
          rows += lines;
        }
        done += slice.weight;
        await updateExport(this.db, job.id, { progress: Math.min(done / total, 0.99), rows });
      }
      if (!csv) await put(out, '\n]\n');
    } finally {
      await new Promise<void>((resolve) => out.end(resolve));
    }
    return rows;
  }
}

/** Writes honouring back-pressure, so a slow disk never lets a whole export pile up in memory. */
function put(out: WriteStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(chunk, (err) => (err ? reject(err) : resolve()));
  });
}
