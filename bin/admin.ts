import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';
import { passwordProblem } from '../core/password-policy.ts';
import { startPostgres } from '../core/postgres.ts';
import { migratePostgres } from '../db/migrate.ts';
import { upsertSuperadmin } from '../db/seed/bootstrap.ts';
import { generatePassword } from '../core/passwords.ts';

const USAGE = `Usage: npm run admin -- --email <address> [--password <password>]
Creates a superadmin, or resets the password of an existing account and makes it superadmin.
Without --password a strong one is generated and printed once.
Stop the platform first in embedded mode (its PostgreSQL data dir is in use).`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help || !values.email) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const password = values.password ?? generatePassword();
  const problem = passwordProblem(password, values.email);
  if (problem) {
    console.error(problem);
    return 2;
  }
  const config = loadConfig(process.env);
  const log = createLogger('warn');
  const pg = await startPostgres(config.postgres, log);
  try {
    await migratePostgres(pg.db, log);
    const outcome = await upsertSuperadmin(pg.db, values.email, password);
    console.log(`Superadmin ${values.email} ${outcome === 'created' ? 'created' : 'password reset'}.`);
    if (!values.password) console.log(`Password (shown once): ${password}`);
    return 0;
  } finally {
    await pg.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : `admin: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
