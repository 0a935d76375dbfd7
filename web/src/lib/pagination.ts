/** A connection's `pageInfo`, as every paginated query selects it. */
export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The cursor of the following page, or null on the last one. */
export function nextCursor(pageInfo: PageInfo): string | null {
  return pageInfo.hasNextPage ? pageInfo.endCursor : null;
}
