import type { Db } from '../../core/postgres.ts';

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportRow {
  id: string;
  organization_id: number;
  user_id: number | null;
  user_email: string;
  product: string;
  format: string;
  parameters: Record<string, unknown>;
  status: ExportStatus;
  progress: number;
  rows: number;
  bytes: number;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export type NewExport = Pick<ExportRow, 'id' | 'organization_id' | 'user_id' | 'user_email' | 'product' | 'format' | 'parameters'>;

export async function insertExport(db: Db, row: NewExport): Promise<ExportRow> {
  const [created] = await db<ExportRow>('exports').insert({ ...row, parameters: JSON.stringify(row.parameters) } as never).returning('*');
  return created as ExportRow;
}

/** One export of one organization (of one user when `userId` is given); undefined for a foreign or missing id. */
export const findOrganizationExport = (db: Db, organizationId: number, id: string, userId?: number) =>
  db<ExportRow>('exports').where({ id, organization_id: organizationId, ...(userId === undefined ? {} : { user_id: userId }) }).first();

export const listOrganizationExports = (db: Db, organizationId: number, product: string, limit: number, userId?: number) =>
  db<ExportRow>('exports')
    .where({ organization_id: organizationId, product, ...(userId === undefined ? {} : { user_id: userId }) })
    .orderBy('created_at', 'desc')
    .limit(limit);

export async function updateExport(db: Db, id: string, patch: Partial<Pick<ExportRow, 'status' | 'progress' | 'rows' | 'bytes' | 'error' | 'finished_at'>>): Promise<void> {
  await db('exports').where({ id }).update(patch);
}

/** Jobs a previous process left unfinished (it stopped or crashed): they can never complete. */
export async function failInterruptedExports(db: Db): Promise<number> {
  return db('exports')
    .whereIn('status', ['queued', 'running'])
    .update({ status: 'failed', error: 'interrupted by a platform restart', finished_at: db.fn.now() });
}
