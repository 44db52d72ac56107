import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import { weakPassword } from './errors.ts';
import { PASSWORD_MAX_BYTES, passwordIssue, utf8Length } from './password-policy.ts';

const COST = 12;

/** Hashes a password after checking the policy; throws weak_password with the reason. */
export async function hashPassword(password: string, email?: string): Promise<string> {
  const issue = passwordIssue(password, email);
  if (issue) throw weakPassword(issue);
  return bcrypt.hash(password, COST);
}

/** Compares a password with a hash; a missing hash (account without a password yet) costs the same and fails. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (utf8Length(password) > PASSWORD_MAX_BYTES) return false;
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && hash !== null;
}

/** Spends the time of one hash, for paths that must take as long as hashing a real password. */
export const spendHashTime = async (): Promise<void> => void (await bcrypt.hash('timing-equaliser', COST));

// Compared against when the account does not exist, so unknown and known e-mails take the same time.
const DUMMY_HASH = bcrypt.hashSync('timing-equaliser', COST);

/** A strong random password (96 bits), for accounts whose first password is generated. */
export const generatePassword = (): string => randomBytes(12).toString('base64url');
