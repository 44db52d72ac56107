import type { Organization, User } from '$lib/api/types.ts';
import type { MessageKey } from '$lib/i18n/index.svelte.ts';
import type { IconName } from '$lib/components/icons.ts';
import { allowed } from '$lib/auth/permissions.ts';
import { enabledProducts } from '$lib/products/index.ts';
import { isAwaitingActivation } from '$lib/auth/session.svelte.ts';

export interface NavItem {
  href: string;
  label: MessageKey;
  icon: IconName;
}

export interface NavSection {
  title: MessageKey;
  items: NavItem[];
}

/** The side menu for this user: platform pages for the superadmin; for members their organization's pages and enabled products. */
export function buildNav(user: User, org: Organization | null): NavSection[] {
  if (user.role === 'superadmin') {
    return [
      {
        title: 'nav.platform',
        items: [
          { href: '/admin/organizations', label: 'nav.organizations', icon: 'building' },
          { href: '/admin/organizations?status=pending', label: 'nav.pending', icon: 'clock' },
          { href: '/admin/devices', label: 'nav.devices', icon: 'receiver' },
          { href: '/admin/outbox', label: 'nav.outbox', icon: 'inbox' },
          { href: '/admin/settings', label: 'nav.settings', icon: 'settings' },
          { href: '/admin/monitoring', label: 'nav.monitoring', icon: 'clock' },
          { href: '/admin/audit', label: 'nav.audit', icon: 'list' },
        ],
      },
    ];
  }
  if (isAwaitingActivation(org)) return [];
  const organization: NavItem[] = [
    { href: '/dashboard', label: 'nav.dashboard', icon: 'home' },
    { href: '/devices', label: 'nav.myDevices', icon: 'receiver' },
  ];
  // brief: only the owner manages users.
  if (allowed('manage_users')) organization.push({ href: '/users', label: 'nav.users', icon: 'users' });
  // brief: "Владелец и Админ видят все логи своей организации".
  if (allowed('view_audit')) organization.push({ href: '/audit', label: 'nav.audit', icon: 'list' });
  const sections: NavSection[] = [{ title: 'nav.organization', items: organization }];
  const products = enabledProducts(org).flatMap((p) => p.nav);
  if (products.length) sections.push({ title: 'nav.products', items: products });
  return sections;
}

/** Where a user lands after sign-in. */
export const homePath = (user: User): string => (user.role === 'superadmin' ? '/admin/organizations' : '/dashboard');
