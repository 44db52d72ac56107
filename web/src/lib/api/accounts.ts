import { request } from './http.ts';
import type { Invitation } from './types.ts';

/** Account flows: sign-up, links from mails, own password and e-mail, the owner's invitations. */

type Accepted = { status: 'accepted' };
type EmailResult = { email: string };
export type LinkPurpose = 'verify_email' | 'reset_password' | 'set_password' | 'change_email';

export interface SignUpInput {
  email: string;
  password: string;
  organization: string;
  phone: string;
  name?: string;
  locale: 'en' | 'ru';
}

/** POST /auth/signup */
export const signUp = (input: SignUpInput) => request<Accepted>('POST', '/auth/signup', { body: input, auth: false });

/** POST /auth/verify-email */
export const verifyEmail = (token: string) => request<EmailResult>('POST', '/auth/verify-email', { body: { token }, auth: false });

/** POST /auth/resend-verification */
export const resendVerification = (email: string) => request<Accepted>('POST', '/auth/resend-verification', { body: { email }, auth: false });

/** POST /auth/forgot-password */
export const forgotPassword = (email: string) => request<Accepted>('POST', '/auth/forgot-password', { body: { email }, auth: false });

/** POST /auth/links/inspect — whether a link still works, and for whom. */
export const inspectLink = (token: string) => request<{ purpose: LinkPurpose; email: string }>('POST', '/auth/links/inspect', { body: { token }, auth: false });

/** POST /auth/reset-password or /auth/set-password */
export const setPasswordFromLink = (kind: 'reset' | 'set', token: string, password: string) =>
  request<EmailResult>('POST', kind === 'reset' ? '/auth/reset-password' : '/auth/set-password', { body: { token, password }, auth: false });

/** POST /auth/confirm-email */
export const confirmEmail = (token: string) => request<EmailResult>('POST', '/auth/confirm-email', { body: { token }, auth: false });

/** POST /auth/change-password */
export const changePassword = (current_password: string, new_password: string) =>
  request<void>('POST', '/auth/change-password', { body: { current_password, new_password } });

/** POST /auth/change-email */
export const changeEmail = (password: string, new_email: string) => request<Accepted>('POST', '/auth/change-email', { body: { password, new_email } });

/** GET /client/invitations */
export const listInvitations = () => request<Invitation[]>('GET', '/client/invitations');

/** POST /client/invitations/:id/resend */
export const resendInvitation = (userId: number) => request<Invitation>('POST', `/client/invitations/${userId}/resend`);

/** DELETE /client/invitations/:id */
export const revokeInvitation = (userId: number) => request<void>('DELETE', `/client/invitations/${userId}`);
