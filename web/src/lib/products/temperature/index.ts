import type { ProductModule } from '../registry.ts';

export const temperature: ProductModule = {
  name: 'temperature',
  title: 'temperature.title',
  about: 'temperature.about',
  icon: 'thermometer',
  nav: [{ href: '/temperature', label: 'temperature.title', icon: 'thermometer' }],
};
