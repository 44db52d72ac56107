import type { Knex } from 'knex';

/**
 * Presence written by several brokers: when a device moves from broker A to broker B, A's "offline"
 * and B's "online" reach PostgreSQL in either order. Each write carries the start time of the session
 * it is about, and an "offline" applies only if no later session has been recorded (online_since).
 * online_broker names the broker holding the live session, so the devices of a broker that died
 * without closing them can be marked offline by whoever notices.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('devices', (t) => {
    t.timestamp('online_since', { useTz: true });
    t.text('online_broker');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('devices', (t) => {
    t.dropColumn('online_since');
    t.dropColumn('online_broker');
  });
}
