import type { ApiContext } from '../context.ts';
import type { ApiRouter } from '../http/router.ts';
import { PRODUCT_ROUTE_MODULES } from '../products/index.ts';
import { accountRoutes } from './accounts.ts';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { clientInvitationRoutes } from './client-invitations.ts';
import { superadminOutboxRoutes } from './superadmin-outbox.ts';
import { clientDeviceRoutes } from './client-devices.ts';
import { clientOrganizationRoutes } from './client-organization.ts';
import { clientUserRoutes } from './client-users.ts';
import { deviceCommandRoutes } from './device-commands.ts';
import { superadminDeviceRoutes } from './superadmin-devices.ts';
import { superadminOrganizationRoutes } from './superadmin-organizations.ts';
import { superadminSettingsRoutes } from './superadmin-settings.ts';
import { legacyBridgeRoutes } from './legacy-bridge.ts';
import { monitoringRoutes } from './monitoring.ts';
import { tunnelRoutes } from './tunnels.ts';
import { profileRoutes } from './profile.ts';
import { superadminOrganizationUserRoutes } from './superadmin-organization-users.ts';

/** Every route module of /api/v1, registered in order. */
const ROUTE_MODULES: Array<(router: ApiRouter, ctx: ApiContext) => void> = [
  authRoutes,
  superadminOrganizationRoutes,
  superadminDeviceRoutes,
  deviceCommandRoutes,
  superadminSettingsRoutes,
  clientOrganizationRoutes,
  clientDeviceRoutes,
  clientUserRoutes,
  legacyBridgeRoutes,
  accountRoutes,
  clientInvitationRoutes,
  superadminOutboxRoutes,
  tunnelRoutes,
  ...PRODUCT_ROUTE_MODULES,
  monitoringRoutes,
  profileRoutes,
  superadminOrganizationUserRoutes,
  auditRoutes,
];

export function registerRoutes(router: ApiRouter, ctx: ApiContext): void {
  for (const register of ROUTE_MODULES) register(router, ctx);
}
