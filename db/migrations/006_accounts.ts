import type { Knex } from 'knex';

/**
 * Accounts and e-mail: single-use links (verification, password reset, invitation, e-mail change) and
 * the outbox every mail goes through.
 */
export async function up(knex: Knex): Promise<void> {
  // An invited user has no password until they follow the link; login refuses them like a wrong password.
  await knex.raw('ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL');
  // Set for a generated password (it travelled by mail): the first login asks for a new one.
  await knex.raw('ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false');
  await knex.raw('ALTER TABLE users ADD COLUMN password_changed_at timestamptz');
  // Login now refuses unverified addresses; every account made before that was made by an administrator.
  await knex.raw('UPDATE users SET email_verified = true');

  await knex.schema.createTable('account_tokens', (t) => {
    t.bigIncrements('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('purpose').notNullable();
    // SHA-256 of 32 random bytes: the link itself is never stored, and 256 bits need no slow hash.
    t.text('token_hash').notNullable().unique();
    // The address an e-mail change moves to, confirmed by this token.
    t.text('new_email');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('consumed_at', { useTz: true });
    // used | superseded | revoked
    t.text('consumed_reason');
    t.index(['user_id', 'purpose']);
  });
  await knex.raw(`ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check
    CHECK (purpose IN ('verify_email','reset_password','set_password','change_email'))`);

  await knex.schema.createTable('mail_outbox', (t) => {
    t.bigIncrements('id');
    t.text('to_address').notNullable();
    t.text('subject').notNullable();
    t.text('text_body').notNullable();
    t.text('html_body');
    // What kind of mail it is (template name), for the superadmin's filter and for tests; free text.
    t.text('kind').notNullable();
    t.text('status').notNullable().defaultTo('queued');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // A worker that died while sending leaves the row 'sending'; past this instant another worker retries it.
    t.timestamp('locked_until', { useTz: true });
    t.text('last_error');
    t.text('message_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.index(['created_at']);
  });
  await knex.raw(`ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_status_check
    CHECK (status IN ('queued','sending','sent','failed','no_smtp'))`);
  // The worker's claim query reads only due rows, however long the sent history grows.
  await knex.raw(`CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status IN ('queued','sending')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('mail_outbox');
  await knex.schema.dropTableIfExists('account_tokens');
  await knex.raw('ALTER TABLE users DROP COLUMN IF EXISTS password_changed_at');
  await knex.raw('ALTER TABLE users DROP COLUMN IF EXISTS must_change_password');
}
