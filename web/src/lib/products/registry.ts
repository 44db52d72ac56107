import type { ProductName } from '$core/products.ts';
import type { MessageKey } from '$lib/i18n/index.svelte.ts';
import type { IconName } from '$lib/components/icons.ts';

/** What a product adds to the cabinet: its navigation section and how it introduces itself. */
export interface ProductModule {
  name: ProductName;
  title: MessageKey;
  about: MessageKey;
  icon: IconName;
  /** The product's pages under routes/(app)/(client)/<name>/, first one is its home. */
  nav: { href: string; label: MessageKey; icon: IconName }[];
}
