import type { Knex } from 'knex';

/**
 * BLE Tracking sites: locations, their floor plans, zones on a plan, receivers assigned to a location
 * (and placed on one of its plans), and the organization's tags. Every table carries organization_id so
 * each query is scoped by it; geometry is in metres of the plan (origin top-left, y down).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ble_locations', (t) => {
    t.increments('id').primary();
    t.integer('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('address').notNullable().defaultTo('');
    t.text('timezone').notNullable();
    t.timestamps(true, true);
    t.index(['organization_id']);
  });
  await knex.schema.createTable('ble_plans', (t) => {
    t.increments('id').primary();
    t.integer('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.integer('location_id').notNullable().references('ble_locations.id').onDelete('CASCADE');
    t.text('name').notNullable();
    // The re-encoded image in the upload store and its pixel size.
    t.text('image_key').notNullable();
    t.text('image_type').notNullable();
    t.integer('width_px').notNullable();
    t.integer('height_px').notNullable();
    t.double('metres_per_pixel').notNullable();
    t.boolean('scale_set').notNullable().defaultTo(false);
    t.jsonb('walls').notNullable().defaultTo('[]');
    t.jsonb('labels').notNullable().defaultTo('[]');
    t.text('walls_status').notNullable().defaultTo('pending');
    // brief: zone numbers are never reused on a plan, so the counter outlives deleted zones.
    t.integer('next_zone_number').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.index(['organization_id', 'location_id']);
  });
  await knex.raw(`ALTER TABLE ble_plans ADD CONSTRAINT ble_plans_walls_status_check CHECK (walls_status IN ('pending','done','failed'))`);
  await knex.schema.createTable('ble_zones', (t) => {
    t.increments('id').primary();
    t.integer('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.integer('plan_id').notNullable().references('ble_plans.id').onDelete('CASCADE');
    t.integer('number').notNullable();
    t.text('name').notNullable();
    t.text('colour').notNullable();
    t.jsonb('polygon').notNullable();
    t.timestamps(true, true);
    t.unique(['plan_id', 'number']);
  });
  await knex.schema.createTable('ble_receivers', (t) => {
    // A receiver is at one location at most; placing it on a plan of that location is optional.
    t.integer('device_id').primary().references('devices.id').onDelete('CASCADE');
    t.integer('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.integer('location_id').notNullable().references('ble_locations.id').onDelete('CASCADE');
    t.integer('plan_id').references('ble_plans.id').onDelete('SET NULL');
    t.double('x');
    t.double('y');
    t.double('rotation_deg').notNullable().defaultTo(0);
    t.double('height_m').notNullable().defaultTo(2.5);
    t.timestamps(true, true);
    t.index(['organization_id', 'location_id']);
  });
  await knex.schema.createTable('ble_tags', (t) => {
    t.increments('id').primary();
    t.integer('organization_id').notNullable().references('organizations.id').onDelete('CASCADE');
    t.text('uuid').notNullable();
    t.integer('major').notNullable();
    t.integer('minor').notNullable();
    t.text('type').notNullable();
    t.text('name').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.text('photo_key');
    t.timestamps(true, true);
    t.unique(['organization_id', 'uuid', 'major', 'minor']);
  });
  await knex.raw(`ALTER TABLE ble_tags ADD CONSTRAINT ble_tags_type_check CHECK (type IN ('person','asset','vehicle'))`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['ble_tags', 'ble_receivers', 'ble_zones', 'ble_plans', 'ble_locations']) await knex.schema.dropTableIfExists(table);
}
