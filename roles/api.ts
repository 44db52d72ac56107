import { TokenSigner } from '../api/auth/jwt.ts';
import type { ApiContext } from '../api/context.ts';
import { resolveJwtSecret } from '../core/secrets.ts';

/** What the API's routes get: the parts this process started, and the token signer made here. */
export async function buildApiContext(deps: Omit<ApiContext, 'auth'>): Promise<ApiContext> {
  const { config } = deps;
  const tokens = new TokenSigner(await resolveJwtSecret(config), {
    access: config.auth.accessTtlSeconds,
    refresh: config.auth.refreshTtlSeconds,
  });
  return {
    ...deps,
    auth: { db: deps.db, tokens, accessTtlSeconds: config.auth.accessTtlSeconds, refreshTtlSeconds: config.auth.refreshTtlSeconds },
  };
}
