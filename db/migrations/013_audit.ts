import type { Knex } from 'knex';
import { monthPartitionsDdl } from '../repositories/audit-partitions.ts';

/**
 * The audit log (brief: "Логи всех действий: кто куда ходил, что смотрел, что нажимал").
 *
 * - Partitioned by month on `at` (declarative RANGE partitioning): retention drops whole partitions,
 *   the only way rows ever leave; the primary key must include the partition key, hence (at, id).
 * - Append-only: a row trigger refuses UPDATE and DELETE (cloned onto every partition), a statement
 *   trigger refuses TRUNCATE of the parent.
 * - Tamper-evident: each row belongs to a chain (its organization; 0 for platform-level events) and
 *   carries `seq` (1, 2, 3… within the chain), the previous row's `hash` and its own
 *   sha256(prev_hash ‖ canonical content). `audit_chain_heads` holds each chain's last seq and hash:
 *   writers lock the head (serializing one chain, never two), and verify compares the head with the
 *   last row, so deleting the newest rows is detected too.
 * - No foreign keys: rows outlive the users, organizations and devices they name (a deleted
 *   organization's log is still evidence), and labels are copied in at write time.
 * - A DEFAULT partition catches a row whose month has no partition yet (clock jump, job not run),
 *   so an audit row never makes the change it records fail.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE audit_log (
      id bigserial NOT NULL,
      at timestamptz NOT NULL,
      chain integer NOT NULL,
      seq bigint NOT NULL,
      organization_id integer,
      user_id integer,
      user_email text,
      kind text NOT NULL,
      action text NOT NULL,
      object_type text,
      object_id text,
      object_label text,
      before jsonb,
      after jsonb,
      details jsonb,
      ip text,
      user_agent text,
      prev_hash bytea NOT NULL,
      hash bytea NOT NULL,
      PRIMARY KEY (at, id)
    ) PARTITION BY RANGE (at)`);
  // Listing is newest-first within an organization (or platform-wide); verify walks a chain by seq.
  await knex.raw('CREATE INDEX audit_log_org_at ON audit_log (organization_id, at DESC, id DESC)');
  await knex.raw('CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC)');
  await knex.raw('CREATE INDEX audit_log_chain_seq ON audit_log (chain, seq)');
  await knex.raw('CREATE INDEX audit_log_user ON audit_log (user_id, at DESC)');
  await knex.raw('CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT');
  await knex.raw(`
    CREATE TABLE audit_chain_heads (
      chain integer PRIMARY KEY,
      seq bigint NOT NULL,
      hash bytea NOT NULL,
      -- When the newest row was written: a chain whose rows all aged out is told from one whose rows vanished.
      at timestamptz NOT NULL
    )`);
  await knex.raw(`
    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await knex.raw(`
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
  await knex.raw(`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
  // This month and the next: the retention job creates further months ahead at start and daily.
  for (const ddl of monthPartitionsDdl(new Date(), 1)) await knex.raw(ddl);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS audit_log');
  await knex.raw('DROP TABLE IF EXISTS audit_chain_heads');
  await knex.raw('DROP FUNCTION IF EXISTS audit_log_refuse_change()');
}
