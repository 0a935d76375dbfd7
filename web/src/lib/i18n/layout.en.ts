import type { layoutFr } from './layout.fr.ts';

/** English messages of the page frame: the same keys and placeholders as `layout.fr.ts`. */
export const layoutEn: Record<keyof typeof layoutFr, string> = {
  'nav.menu': 'Menu',
  'nav.account': 'My account',
  'nav.postingAs': 'You are writing as {handle}',
  'nav.postingAsShort': 'Pseudonym',
  'feed.filters.toggle': 'Search and filters',
  'time.exact': 'On {date}',
};
