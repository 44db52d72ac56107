import type { ProductModule } from '../registry.ts';

export const ble: ProductModule = {
  name: 'ble',
  title: 'ble.title',
  about: 'ble.about',
  icon: 'bluetooth',
  nav: [
    { href: '/ble', label: 'ble.title', icon: 'bluetooth' },
    { href: '/ble/tags', label: 'ble.tags', icon: 'bluetooth' },
  ],
};
