import type { Credentials, MemberInput } from '../services/accounts/members.ts';
import { validationFailed } from '../../core/errors.ts';
import { z } from './openapi.ts';

/**
 * How a new member gets a password, shared by the owner's and the superadmin's "add user". Without
 * `credentials`, a given password means "password" and none means "invitation" (the old API stays valid).
 */
export const MemberCredentials = {
  credentials: z
    .enum(['invitation', 'generated_password', 'password'])
    .optional()
    .describe('invitation: a link to choose the password (default); generated_password: mailed, changed at first sign-in; password: the one given'),
  password: z.string().min(1).max(1024).optional().describe("Only with credentials = password; the creator passes it on"),
};

/** Resolves the credentials choice of a validated member body, refusing a password without credentials = password. */
export function memberInput<T extends { email: string; name?: string; credentials?: Credentials; password?: string }>(
  body: T,
): Omit<T, 'credentials'> & Pick<MemberInput, 'credentials'> {
  const credentials = body.credentials ?? (body.password !== undefined ? 'password' : 'invitation');
  if ((credentials === 'password') !== (body.password !== undefined)) {
    throw validationFailed([{ in: 'body', path: 'password', message: 'give a password exactly when credentials is "password"' }], 'Invalid body: password goes with credentials "password" only');
  }
  return { ...body, credentials };
}
