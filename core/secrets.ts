import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.ts';

/**
 * The JWT signing secret: JWT_SECRET if set; in embedded mode a random one generated on first start
 * and kept in the data dir (mode 0600) so tokens survive restarts. With an external database several
 * processes must agree on it, so there it has to be configured.
 */
export async function resolveJwtSecret(config: Config): Promise<string> {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  if (config.postgres.url) {
    throw new Error('JWT_SECRET: required when DATABASE_URL is set (all API processes must share it); use 32+ random characters');
  }
  const file = path.join(config.dataDir, 'secrets', 'jwt-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
