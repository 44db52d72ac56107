import type { Knex } from 'knex';

/**
 * Remote access records for the audit log: each tunnel a device dialled on request, and each terminal
 * or dashboard session over one. Rows outlive their device and user (SET NULL; MAC and e-mail are
 * copied), because an audit trail must still say who reached which device after either is deleted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('device_tunnels', (t) => {
    t.bigIncrements('id').primary();
    t.integer('device_id').references('devices.id').onDelete('SET NULL');
    t.text('device_mac').notNullable();
    t.integer('organization_id').references('organizations.id').onDelete('SET NULL');
    t.integer('requested_by').references('users.id').onDelete('SET NULL');
    t.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('connected_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.text('close_reason');
    // Where the device's WebSocket came from (its NAT's public address), last dial.
    t.text('device_ip');
    t.integer('dials').notNullable().defaultTo(0);
    t.integer('refused_streams').notNullable().defaultTo(0);
    t.bigInteger('bytes_to_device').notNullable().defaultTo(0);
    t.bigInteger('bytes_from_device').notNullable().defaultTo(0);
    t.index(['device_id', 'requested_at']);
  });
  await knex.schema.createTable('tunnel_sessions', (t) => {
    t.uuid('id').primary();
    t.bigInteger('tunnel_id').references('device_tunnels.id').onDelete('SET NULL');
    t.text('kind').notNullable();
    t.integer('device_id').references('devices.id').onDelete('SET NULL');
    t.text('device_mac').notNullable();
    t.integer('organization_id').references('organizations.id').onDelete('SET NULL');
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    t.text('user_email').notNullable();
    t.text('client_ip');
    // Terminal only: the login name typed and the device's SSH host key (SHA-256, as OpenSSH prints it).
    t.text('ssh_user');
    t.text('host_key_sha256');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('ended_at', { useTz: true });
    t.text('end_reason');
    t.bigInteger('bytes_to_device').notNullable().defaultTo(0);
    t.bigInteger('bytes_from_device').notNullable().defaultTo(0);
    t.index(['device_id', 'started_at']);
    t.index(['user_id', 'started_at']);
  });
  await knex.raw(`ALTER TABLE tunnel_sessions ADD CONSTRAINT tunnel_sessions_kind_check CHECK (kind IN ('terminal','dashboard'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('tunnel_sessions');
  await knex.schema.dropTableIfExists('device_tunnels');
}
