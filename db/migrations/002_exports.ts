import type { Knex } from 'knex';

/** Data exports of every product: the job's state while it runs, and afterwards the history users browse. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('exports', (t) => {
    t.uuid('id').primary();
    t.integer('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    // Kept when the user is deleted: the history says who exported, by e-mail, even then.
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    t.text('user_email').notNullable();
    t.text('product').notNullable();
    t.text('format').notNullable();
    t.jsonb('parameters').notNullable();
    t.text('status').notNullable().defaultTo('queued');
    t.float('progress').notNullable().defaultTo(0);
    t.bigInteger('rows').notNullable().defaultTo(0);
    t.bigInteger('bytes').notNullable().defaultTo(0);
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.index(['organization_id', 'created_at']);
  });
  await knex.raw(`ALTER TABLE exports ADD CONSTRAINT exports_status_check CHECK (status IN ('queued','running','done','failed'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('exports');
}
