import type { Knex } from 'knex';

/**
 * The refresh token a session rotated away from, and when: a browser that reloads twice in quick
 * succession (or two tabs booting at once) can present the old token after its rotation reached the
 * server but its response never reached the page. Within a short grace that is not theft (api/services/auth.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.uuid('previous_refresh_jti');
    t.timestamp('rotated_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('previous_refresh_jti');
    t.dropColumn('rotated_at');
  });
}
