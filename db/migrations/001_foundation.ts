import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organizations', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.text('phone');
    t.text('contact_email');
    t.text('status').notNullable().defaultTo('pending');
    // Enabled product names from core/products.ts; a new product needs no schema change.
    t.specificType('products', 'text[]').notNullable().defaultTo('{}');
    t.text('timezone').notNullable().defaultTo('UTC');
    // Per-product organization settings (e.g. WiFi visitor thresholds), keyed by product name.
    t.jsonb('settings').notNullable().defaultTo('{}');
    t.timestamps(true, true);
  });
  await knex.raw(`ALTER TABLE organizations ADD CONSTRAINT organizations_status_check CHECK (status IN ('pending','active'))`);

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.integer('organization_id').references('organizations.id').onDelete('CASCADE');
    t.text('email').notNullable();
    t.text('password_hash').notNullable();
    t.text('name').notNullable().defaultTo('');
    t.text('role').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('email_verified').notNullable().defaultTo(false);
    t.text('locale').notNullable().defaultTo('en');
    t.timestamp('last_login_at', { useTz: true });
    t.timestamps(true, true);
  });
  await knex.raw(`CREATE UNIQUE INDEX users_email_unique ON users (lower(email))`);
  await knex.raw(`CREATE INDEX users_organization_idx ON users (organization_id)`);
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (
    (role = 'superadmin' AND organization_id IS NULL) OR
    (role IN ('owner','admin','manager','operator','viewer') AND organization_id IS NOT NULL))`);

  // One row per login; the refresh token in use is identified by refresh_jti and rotates on each refresh.
  await knex.schema.createTable('sessions', (t) => {
    t.uuid('id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('refresh_jti').notNullable();
    t.integer('rotations').notNullable().defaultTo(0);
    t.text('ip');
    t.text('user_agent');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.text('revoked_reason');
    t.index(['user_id']);
  });

  // brief: a device's simple id is global, starts at 1 and is never reused.
  await knex.raw('CREATE SEQUENCE device_simple_id_seq START 1');
  await knex.schema.createTable('devices', (t) => {
    t.increments('id');
    t.text('mac').notNullable().unique();
    t.integer('simple_id').notNullable().unique().defaultTo(knex.raw(`nextval('device_simple_id_seq')`));
    t.integer('organization_id').references('organizations.id').onDelete('SET NULL');
    t.text('name').notNullable().defaultTo('');
    t.text('status').notNullable().defaultTo('active');
    t.jsonb('config_overrides').notNullable().defaultTo('{}');
    t.integer('config_version').notNullable().defaultTo(1);
    t.integer('reported_config_version');
    t.text('token_hash').notNullable();
    t.text('device_password').notNullable();
    t.timestamp('registered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true });
    t.boolean('online').notNullable().defaultTo(false);
    t.jsonb('reported_status');
    t.bigInteger('rejected_events').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('last_error_at', { useTz: true });
    t.index(['organization_id']);
  });
  await knex.raw(`ALTER SEQUENCE device_simple_id_seq OWNED BY devices.simple_id`);
  await knex.raw(`ALTER TABLE devices ADD CONSTRAINT devices_mac_format CHECK (mac ~ '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$')`);
  await knex.raw(`ALTER TABLE devices ADD CONSTRAINT devices_status_check CHECK (status IN ('active','blocked'))`);

  await knex.schema.createTable('settings', (t) => {
    t.text('key').primary();
    t.jsonb('value').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['settings', 'devices', 'sessions', 'users', 'organizations']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP SEQUENCE IF EXISTS device_simple_id_seq');
}
