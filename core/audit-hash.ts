import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';

/** The hashed content of an audit row: every column but its id and the hashes themselves. */
export interface AuditContent {
  chain: number;
  seq: number;
  at: Date;
  organization_id: number | null;
  user_id: number | null;
  user_email: string | null;
  kind: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  object_label: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
  ip: string | null;
  user_agent: string | null;
}

/** The `prev_hash` of a chain's first row. */
export const GENESIS_HASH = Buffer.alloc(32);

/**
 * sha256(previous row's hash ‖ canonical JSON of the row's content). Keys are sorted (jsonb returns
 * objects in its own key order), so the hash a writer computed is recomputed from the stored row.
 */
export function auditRowHash(prevHash: Buffer, content: AuditContent): Buffer {
  // Named one by one: a stored row also carries its id and hashes, which are not content.
  const c = content;
  const canonical = stringify({
    chain: c.chain, seq: c.seq, at: c.at.toISOString(), organization_id: c.organization_id, user_id: c.user_id,
    user_email: c.user_email, kind: c.kind, action: c.action, object_type: c.object_type, object_id: c.object_id,
    object_label: c.object_label, before: c.before, after: c.after, details: c.details, ip: c.ip, user_agent: c.user_agent,
  });
  return createHash('sha256').update(prevHash).update(canonical ?? '').digest();
}
