import type { Knex } from 'knex';

/**
 * Permissions beyond the role: a per-user read-only switch, and per-location grants for the roles that
 * do not see every location (manager, operator, viewer). A grant is read or write; owner and admin need
 * none. Grants die with their user or location, so a deleted location never lingers in anyone's list.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    // brief: "возможность ограничить только чтением", whatever the role.
    t.boolean('read_only').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('location_grants', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('location_id').notNullable().references('ble_locations.id').onDelete('CASCADE');
    // Denormalized so a grant is scoped by tenant like every other client row (and checked below).
    t.integer('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.text('access').notNullable();
    t.timestamps(true, true);
    t.primary(['user_id', 'location_id']);
    t.index(['organization_id', 'location_id']);
  });
  await knex.raw(`ALTER TABLE location_grants ADD CONSTRAINT location_grants_access_check CHECK (access IN ('read','write'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('location_grants');
  await knex.schema.alterTable('users', (t) => t.dropColumn('read_only'));
}
