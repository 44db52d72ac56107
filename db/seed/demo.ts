import type { Db } from '../../core/postgres.ts';
import { PRODUCT_NAMES } from '../../core/products.ts';
import { hashPassword } from '../../core/passwords.ts';
import { insertOrganization } from '../repositories/organizations.ts';
import { findUserByEmail, insertUser } from '../repositories/users.ts';

export const DEMO_OWNER = { email: 'owner@demo.mybeacon.local', password: 'demo-owner-2026' } as const;

/** Seeds a demo organization with every product enabled and an owner account; does nothing if it exists. */
export async function seedDemo(db: Db): Promise<{ email: string; password: string; created: boolean; organizationId: number }> {
  const owner = await findUserByEmail(db, DEMO_OWNER.email);
  if (owner?.organization_id) return { ...DEMO_OWNER, created: false, organizationId: owner.organization_id };
  const organizationId = await db.transaction(async (trx) => {
    const org = await insertOrganization(trx, {
      name: 'Demo Mall',
      phone: '+1 555 0100',
      contact_email: DEMO_OWNER.email,
      status: 'active',
      products: [...PRODUCT_NAMES],
    });
    await insertUser(trx, {
      email: DEMO_OWNER.email,
      password_hash: await hashPassword(DEMO_OWNER.password),
      role: 'owner',
      organization_id: org.id,
      email_verified: true,
      name: 'Demo Owner',
    });
    return org.id;
  });
  return { ...DEMO_OWNER, created: true, organizationId };
}
