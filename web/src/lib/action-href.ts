/**
 * A form action's address that keeps the page's own query (`?/moderate&resolved=1`): a bare
 * `?/moderate` would drop the filter and the page, and the redirect after it could not come back
 * to them.
 */
export function actionHref(name: string, search: URLSearchParams | string): string {
  const kept = new URLSearchParams([...new URLSearchParams(search)].filter(([key]) => !key.startsWith('/'))).toString();
  return `?/${name}${kept ? `&${kept}` : ''}`;
}
