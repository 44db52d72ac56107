import { request } from './http.ts';
import type { Me, TokenResponse, UserSession } from './types.ts';

/** POST /auth/login — also sets the httpOnly refresh cookie. */
export const login = (email: string, password: string) =>
  request<TokenResponse>('POST', '/auth/login', { body: { email, password }, auth: false });

/** POST /auth/logout — ends this session. */
export const logout = () => request<void>('POST', '/auth/logout');

/** POST /auth/logout-all — ends every session of the user. */
export const logoutAll = () => request<void>('POST', '/auth/logout-all');

/** GET /auth/me */
export const getMe = () => request<Me>('GET', '/auth/me');

/** PATCH /auth/me */
export const updateMe = (patch: { name?: string; locale?: 'en' | 'ru' }) => request<Me>('PATCH', '/auth/me', { body: patch });

/** GET /auth/sessions — where I am signed in */
export const listSessions = () => request<UserSession[]>('GET', '/auth/sessions');

/** DELETE /auth/sessions/:id — sign one of my sessions out */
export const endSession = (id: string) => request<void>('DELETE', `/auth/sessions/${id}`);
