import type { ProductModule } from '../registry.ts';

export const wifi: ProductModule = {
  name: 'wifi',
  title: 'product.wifi',
  about: 'product.wifi.about',
  icon: 'wifi',
  nav: [{ href: '/wifi', label: 'product.wifi', icon: 'wifi' }],
};
