import bcrypt from 'bcrypt';
import { validationFailed } from './errors.ts';

const COST = 12;
export const PASSWORD_MIN_LENGTH = 8;
// bcrypt only reads the first 72 bytes; longer input is refused rather than silently truncated.
export const PASSWORD_MAX_BYTES = 72;

/** Explains why a password is unacceptable, or returns null if it is fine. */
export function passwordProblem(password: string, email?: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `Password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    return `Password must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8`;
  }
  if (!password.trim()) return 'Password must not be blank';
  if (email && password.toLowerCase() === email.toLowerCase()) return 'Password must differ from the e-mail address';
  return null;
}

/** Hashes a password after checking the policy; throws validation_failed with the reason. */
export async function hashPassword(password: string, email?: string): Promise<string> {
  const problem = passwordProblem(password, email);
  if (problem) throw validationFailed([{ path: 'password', message: problem }], problem);
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) return false;
  return bcrypt.compare(password, hash);
}

// Compared against when the account does not exist, so unknown and known e-mails take the same time.
export const DUMMY_HASH = bcrypt.hashSync('timing-equaliser', COST);
