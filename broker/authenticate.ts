import { timingSafeEqual } from 'node:crypto';
import type { AedesOptions, AuthenticateError } from 'aedes';
import { sha256Hex } from '../core/ids.ts';
import type { Logger } from '../core/logger.ts';
import { normalizeMac } from '../core/mac.ts';
import type { CredentialsCache } from './credentials-cache.ts';
import type { Sessions } from './sessions.ts';
import type { AuthFailure, BrokerStats } from './stats.ts';

// CONNACK return codes of MQTT 3.1.1 (§3.2.2.3).
const IDENTIFIER_REJECTED = 2;
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

const RETURN_CODE: Record<AuthFailure, number> = {
  malformed_username: BAD_USERNAME_OR_PASSWORD,
  unknown_device: BAD_USERNAME_OR_PASSWORD,
  bad_token: BAD_USERNAME_OR_PASSWORD,
  identifier_rejected: IDENTIFIER_REJECTED,
  blocked: NOT_AUTHORIZED,
  unbound: NOT_AUTHORIZED,
  store_unavailable: SERVER_UNAVAILABLE,
};

export interface AuthenticateDeps {
  cache: CredentialsCache;
  sessions: Sessions;
  stats: BrokerStats;
  log: Logger;
}

/**
 * CONNECT check: username = MAC, password = device token, client id = the same MAC. The token is
 * compared by SHA-256 against the cached devices.token_hash (high-entropy secret: no bcrypt here).
 * An unknown MAC and a wrong token get the same answer; blocked and unbound devices are told they
 * are not authorized only after proving they hold the token.
 */
export function createAuthenticate(deps: AuthenticateDeps): NonNullable<AedesOptions['authenticate']> {
  return (client, username, password, done) => {
    const refuse = (reason: AuthFailure, mac?: string) => {
      deps.stats.authFailed(reason);
      deps.log.info({ clientId: client.id, mac, reason }, 'MQTT connection refused');
      const err = new Error(`connection refused: ${reason}`) as AuthenticateError;
      err.returnCode = RETURN_CODE[reason] as AuthenticateError['returnCode'];
      done(err, false);
    };
    const mac = normalizeMac(username ?? '');
    if (!mac || !password) return refuse('malformed_username');
    // The client id is the MAC too, so Aedes' own takeover of a duplicate client id ([MQTT-3.1.4-2])
    // can only ever be the same device reconnecting: nobody else can log in under this MAC.
    if (client.id !== mac) return refuse('identifier_rejected', mac);

    const revision = deps.sessions.revision(mac);
    deps.cache.get(mac).then(
      (device) => {
        if (!device) return refuse('unknown_device', mac);
        if (!tokenMatches(password, device.token_hash)) return refuse('bad_token', mac);
        if (device.status === 'blocked') return refuse('blocked', mac);
        if (device.organization_id === null) return refuse('unbound', mac);
        deps.sessions.attach(client, { ...device, organization_id: device.organization_id }, revision);
        done(null, true);
      },
      (err: unknown) => {
        deps.log.error({ err, mac }, 'device lookup failed during MQTT connect');
        refuse('store_unavailable', mac);
      },
    );
  };
}

/** Whether a presented device token hashes to the stored devices.token_hash (constant-time). */
export function tokenMatches(password: Buffer | string, tokenHash: string): boolean {
  const presented = Buffer.from(sha256Hex(password.toString()), 'utf8');
  const stored = Buffer.from(tokenHash, 'utf8');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
