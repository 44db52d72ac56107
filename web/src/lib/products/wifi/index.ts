import type { ProductModule } from '../registry.ts';

export const wifi: ProductModule = {
  name: 'wifi',
  title: 'wifi.title',
  about: 'wifi.about',
  icon: 'wifi',
  nav: [{ href: '/wifi', label: 'wifi.title', icon: 'wifi' }],
};
