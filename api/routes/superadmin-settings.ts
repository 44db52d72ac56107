import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { Timestamp } from '../http/schemas.ts';
import { getAutoRegistration, setAutoRegistrationEnabled } from '../services/settings.ts';

const PlatformSettings = z
  .object({ auto_registration: z.object({ enabled: z.boolean(), last_device_at: Timestamp }) })
  .openapi('PlatformSettings');

const UpdatePlatformSettings = z.object({ auto_registration: z.object({ enabled: z.boolean() }) }).openapi('UpdatePlatformSettings');

/** /superadmin/settings: platform-wide switches. */
export function superadminSettingsRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['superadmin: settings'];

  router.route({
    method: 'get',
    path: '/superadmin/settings',
    summary: 'Platform settings (auto-registration of new devices)',
    tags,
    guard: 'superadmin',
    response: PlatformSettings,
    handler: async () => ({ auto_registration: await getAutoRegistration(ctx.db) }),
  });

  router.route({
    method: 'patch',
    path: '/superadmin/settings',
    summary: 'Switch auto-registration of new devices on or off',
    tags,
    guard: 'superadmin',
    body: UpdatePlatformSettings,
    response: PlatformSettings,
    handler: async ({ body }) => ({ auto_registration: await setAutoRegistrationEnabled(ctx.db, body.auto_registration.enabled) }),
  });
}
