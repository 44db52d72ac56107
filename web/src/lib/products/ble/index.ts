import type { ProductModule } from '../registry.ts';

export const ble: ProductModule = {
  name: 'ble',
  title: 'product.ble',
  about: 'product.ble.about',
  icon: 'bluetooth',
  nav: [{ href: '/ble', label: 'product.ble', icon: 'bluetooth' }],
};
