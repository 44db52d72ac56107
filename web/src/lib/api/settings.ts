import { request } from './http.ts';
import type { PlatformSettings } from './types.ts';

/** GET /superadmin/settings */
export const getSettings = () => request<PlatformSettings>('GET', '/superadmin/settings');

/** PATCH /superadmin/settings */
export const setAutoRegistration = (enabled: boolean) =>
  request<PlatformSettings>('PATCH', '/superadmin/settings', { body: { auto_registration: { enabled } } });
