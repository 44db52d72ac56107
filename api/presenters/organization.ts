import type { OrganizationListRow, OrganizationRow } from '../../db/repositories/organizations.ts';
import { PRODUCT_NAMES } from '../../core/products.ts';
import { z } from '../http/openapi.ts';
import { Timestamp } from '../http/schemas.ts';

export const OrganizationView = z
  .object({
    id: z.number().int(),
    name: z.string(),
    phone: z.string().nullable(),
    contact_email: z.string().nullable(),
    status: z.enum(['pending', 'active']),
    products: z.array(z.enum(PRODUCT_NAMES)),
    timezone: z.string(),
    created_at: Timestamp,
    device_count: z.number().int().optional(),
    user_count: z.number().int().optional(),
    unverified_owner_count: z.number().int().optional().describe('Owners who signed up and have not confirmed their e-mail yet'),
  })
  .openapi('Organization');

export type OrganizationViewT = z.infer<typeof OrganizationView>;

export function presentOrganization(o: OrganizationRow | OrganizationListRow): OrganizationViewT {
  return {
    id: o.id,
    name: o.name,
    phone: o.phone,
    contact_email: o.contact_email,
    status: o.status,
    products: o.products as OrganizationViewT['products'],
    timezone: o.timezone,
    created_at: o.created_at.toISOString(),
    ...('device_count' in o ? { device_count: o.device_count, user_count: o.user_count, unverified_owner_count: o.unverified_owner_count } : {}),
  };
}
