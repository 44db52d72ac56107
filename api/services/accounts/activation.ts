import { PRODUCTS } from '../../../core/products.ts';
import type { OrganizationRow } from '../../../db/repositories/organizations.ts';
import { listOrganizationOwners } from '../../../db/repositories/users.ts';
import { queueAccountMail } from './account-mail.ts';
import { webLink, type AccountDeps } from './deps.ts';

// brief: an organization sees nothing until an admin activates it and enables at least one product.
const awaitingActivation = (org: OrganizationRow): boolean => org.status === 'pending' || org.products.length === 0;

/**
 * brief: "the admin enables products — the client gets a notification". Mails the owners when an
 * organization leaves "awaiting activation"; call it in the transaction that changed it.
 */
export async function notifyIfActivated(deps: AccountDeps, before: OrganizationRow, after: OrganizationRow): Promise<void> {
  if (!awaitingActivation(before) || awaitingActivation(after)) return;
  const products = PRODUCTS.filter((p) => after.products.includes(p.name)).map((p) => p.title);
  for (const owner of await listOrganizationOwners(deps.db, after.id)) {
    await queueAccountMail(deps.db, owner, 'products_activated', { organization: after.name, products, url: webLink(deps, '/login') });
  }
}
