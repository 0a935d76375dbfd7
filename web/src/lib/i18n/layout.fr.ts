/** French messages of the page frame: the header's menu, relative times, the admin's landing (#13). */
export const layoutFr = {
  'nav.menu': 'Menu',
  'nav.account': 'Mon compte',
  'nav.postingAs': 'Vous écrivez en tant que {handle}',
  'nav.postingAsShort': 'Pseudonyme',
  'feed.filters.toggle': 'Recherche et filtres',
  'time.exact': 'Le {date}',
} satisfies Record<string, string>;
