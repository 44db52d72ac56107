import type { Knex } from 'knex';

/**
 * Issue 17 (web cabinet):
 * - `http_seen_at`: when a device last called the legacy HTTP bridge. It has no MQTT session, so "online"
 *   for it means "posted recently" — kept apart from `online` (a live MQTT session) so the UI can say which.
 * - `notes`: free text the organization keeps about its receiver ("above the entrance, 2nd floor").
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('devices', (t) => {
    t.timestamp('http_seen_at', { useTz: true });
    t.text('notes').notNullable().defaultTo('');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('devices', (t) => {
    t.dropColumn('http_seen_at');
    t.dropColumn('notes');
  });
}
