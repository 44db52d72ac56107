import type { Knex } from 'knex';

/**
 * BLE positioning parameters per organization (issue 10): the keys of PositioningParams
 * (core/products/ble.ts) an organization overrides, over the installation's BLE_* defaults; and a
 * per-receiver RSSI offset, the calibration of cheap scanners that hear the same tag a few dB apart.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ble_positioning_settings', (t) => {
    t.integer('organization_id').primary().references('organizations.id').onDelete('CASCADE');
    t.jsonb('params').notNullable().defaultTo('{}');
    t.timestamps(true, true);
  });
  await knex.schema.alterTable('ble_receivers', (t) => {
    // Added to the measured RSSI before it becomes a distance (dB; positive = the scanner hears low).
    t.double('rssi_offset_db').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ble_receivers', (t) => t.dropColumn('rssi_offset_db'));
  await knex.schema.dropTableIfExists('ble_positioning_settings');
}
