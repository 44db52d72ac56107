import type { ApiContext } from '../../context.ts';
import { z } from '../../http/openapi.ts';
import type { ApiRouter } from '../../http/router.ts';
import { PositioningParams } from '../../../core/products/ble.ts';
import { PositioningOverrides, positioningSettings, updatePositioningSettings } from './positioning-settings.ts';

const Settings = z
  .object({
    effective: PositioningParams.describe('what the engine uses for this organization'),
    overrides: PositioningOverrides.describe('what the organization chose'),
    defaults: PositioningParams.describe("the installation's defaults (BLE_* variables) for every key not overridden"),
  })
  .openapi('BlePositioningSettings');

/** /client/ble/positioning: the engine's parameters for the organization (docs/ble-positioning.md). */
export function blePositioningRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['client: ble'];
  router.route({
    method: 'get',
    path: '/client/ble/positioning',
    summary: 'Positioning parameters: effective, overridden by the organization, and the defaults',
    tags,
    guard: { client: 'view_analytics', product: 'ble' },
    response: Settings,
    handler: async ({ scope }) => Settings.parse(await positioningSettings(ctx, scope.organizationId)),
  });
  router.route({
    method: 'put',
    path: '/client/ble/positioning',
    summary: "Replace the organization's overrides (keys left out take the defaults; {} resets all); the engine applies them at once",
    tags,
    // Calibration of the receivers' readings: a device setting of the brief's matrix.
    guard: { client: 'configure_devices', product: 'ble' },
    body: PositioningOverrides.openapi('BlePositioningOverrides'),
    response: Settings,
    handler: async ({ scope, body }) => Settings.parse(await updatePositioningSettings(ctx, scope, body)),
  });
}
