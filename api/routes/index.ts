import type { ApiContext } from '../context.ts';
import type { ApiRouter } from '../http/router.ts';
import { authRoutes } from './auth.ts';
import { legacyBridgeRoutes } from './legacy-bridge.ts';

/** Every route module of /api/v1, registered in order. */
const ROUTE_MODULES: Array<(router: ApiRouter, ctx: ApiContext) => void> = [
  authRoutes,
  legacyBridgeRoutes,
];

export function registerRoutes(router: ApiRouter, ctx: ApiContext): void {
  for (const register of ROUTE_MODULES) register(router, ctx);
}
