import type { Knex } from 'knex';

/** Legacy HTTP uploads find their device by the token's hash: one index lookup instead of a table scan. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX devices_token_hash_idx ON devices (token_hash)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS devices_token_hash_idx');
}
