import type { ApiContext } from '../context.ts';
import type { ApiRouter } from '../http/router.ts';
import { bleRoutes } from './ble/routes.ts';
import { temperatureRoutes } from './temperature/routes.ts';
import { wifiExportRoutes } from './wifi/export-routes.ts';
import { wifiRoutes } from './wifi/routes.ts';

/** Each product's client API under /api/v1/client/<product>/…; a new product adds its lines here. */
export const PRODUCT_ROUTE_MODULES: ReadonlyArray<(router: ApiRouter, ctx: ApiContext) => void> = [wifiRoutes, wifiExportRoutes, temperatureRoutes, bleRoutes];
