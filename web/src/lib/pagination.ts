/** A connection's `pageInfo`, as every paginated query selects it. */
export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The cursor of the following page, or null on the last one. */
export function nextCursor(pageInfo: PageInfo): string | null {
  return pageInfo.hasNextPage ? pageInfo.endCursor : null;
}

/** A list's address with the filters that are set and, past its first page, the cursor (`after`). */
export function listHref(path: string, params: Readonly<Record<string, string | null | undefined>>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => !!entry[1])).toString();
  return query ? `${path}?${query}` : path;
}
