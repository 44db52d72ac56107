import type { Config } from '../../../core/config.ts';
import type { Db } from '../../../core/postgres.ts';

/** What the account flows need: the database, their settings, and where links in mails point. */
export interface AccountDeps {
  db: Db;
  settings: Config['accounts'];
  /** Base URL of the web UI for links in mails (MYBEACON_PUBLIC_URL, else the address the server listens on). */
  publicUrl(): string;
}

/** A link into the web UI, e.g. `/reset-password?token=…`. */
export function webLink(deps: Pick<AccountDeps, 'publicUrl'>, path: string, token?: string): string {
  const url = new URL(path, deps.publicUrl().replace(/\/?$/, '/'));
  if (token) url.searchParams.set('token', token);
  return url.toString();
}
