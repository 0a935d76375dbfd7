import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
  locale: locals.locale,
  viewer: locals.viewer,
  apiUnavailable: locals.apiUnavailable,
  /** Where the language switch comes back to. */
  currentPath: `${url.pathname}${url.search}`,
});
