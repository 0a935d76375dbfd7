/**
 * Cursor connections (the contract's XConnection / XEdge / PageInfo), paginated by keyset:
 * a cursor names the last row seen (its sort value and id), so pages stay correct while rows
 * are added, and no OFFSET scan grows with the page number.
 */
import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.ts';
import { badInput } from '../errors.ts';

export interface Page<Node> {
  edges: Array<{ node: Node; cursor: string }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const PageInfo = builder.objectRef<Page<unknown>['pageInfo']>('PageInfo');
PageInfo.implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

export function defineConnection<Node>(name: string, node: ObjectRef<any, Node>) {
  const Edge = builder.objectRef<Page<Node>['edges'][number]>(`${name}Edge`);
  Edge.implement({
    fields: (t) => ({
      node: t.field({ type: node, resolve: (edge) => edge.node as never }),
      cursor: t.exposeString('cursor'),
    }),
  });
  const Connection = builder.objectRef<Page<Node>>(`${name}Connection`);
  Connection.implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (page) => page.edges }),
      pageInfo: t.field({ type: PageInfo, resolve: (page) => page.pageInfo }),
    }),
  });
  return Connection;
}

export interface Cursor<At = Date> {
  at: At;
  id: string;
}

export function encodeCursor(at: Date | string | number, id: string): string {
  return Buffer.from(JSON.stringify([at instanceof Date ? at.toISOString() : at, id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A cursor's sort value as an instant, as `encodeCursor` writes a Date; undefined if it is not one. */
export function instantAt(at: unknown): Date | undefined {
  if (typeof at !== 'string' || !ISO_INSTANT.test(at)) return undefined;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A cursor's sort value as a whole counter (a message's number, an inbox's activity); undefined if it is not one. */
export function counterAt(at: unknown): number | undefined {
  return typeof at === 'number' && Number.isSafeInteger(at) && at >= 0 && at <= 2 ** 31 - 1 ? at : undefined;
}

/** A cursor's sort value as a finite number (a search rank); undefined if it is not one. */
export function numberAt(at: unknown): number | undefined {
  return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
}

/**
 * Reads an `after` cursor this API gave out: [sort value, uuid] as base64url JSON, the sort value read by
 * `readAt`. Anything else is BAD_USER_INPUT naming the argument, never a query with a value the
 * database refuses (an invalid date or uuid would surface as a masked 500).
 */
export function decodeCursor<At = Date>(
  cursor: string | null | undefined,
  readAt: (at: unknown) => At | undefined = instantAt as (at: unknown) => At | undefined,
): Cursor<At> | null {
  if (!cursor) return null;
  const value = BASE64URL.test(cursor) ? parseJson(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string' && UUID.test(value[1])) {
    const at = readAt(value[0]);
    if (at !== undefined) return { at, id: value[1] };
  }
  throw badInput('after', 'invalid', 'after is not a cursor this API gave out.');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Turns first+1 fetched rows into a page of at most `first`. */
export function toPage<Node>(rows: Node[], first: number, cursorOf: (node: Node) => string): Page<Node> {
  const edges = rows.slice(0, first).map((node) => ({ node, cursor: cursorOf(node) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

export const MAX_PAGE = 100;

export function pageSize(first: number | null | undefined, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw badInput('first', 'invalid', `first must be from 1 to ${MAX_PAGE}.`);
  return n;
}

/**
 * The Prisma `where` of the rows after a cursor, in a (sort value, id) order: `sort ≤ at` is the
 * index's range condition and only ties are filtered, so a page reads page-size index entries
 * whatever its depth (a plain `sort < at OR (sort = at AND id < …)` makes PostgreSQL walk the index
 * from its start). Empty for the first page.
 */
export function keysetAfter<Field extends string>(field: Field, cursor: Cursor | null, direction: 'asc' | 'desc') {
  if (!cursor) return {};
  const [strict, loose] = direction === 'asc' ? (['gt', 'gte'] as const) : (['lt', 'lte'] as const);
  return { [field]: { [loose]: cursor.at }, OR: [{ [field]: { [strict]: cursor.at } }, { id: { [strict]: cursor.id } }] } as Record<Field, { lte?: Date; gte?: Date }> & {
    OR: Array<Partial<Record<Field | 'id', { lt?: Date | string; gt?: Date | string }>>>;
  };
}

/**
 * One keyset page of rows sorted on (`field`, id) in `direction`: `find` reads `take` rows with
 * the `after` clause in its where (`first + 1`: the extra row says a next page exists), and each
 * edge's cursor is the row's sort value (`at`) and id.
 */
export async function keysetPage<Row extends { id: string }, Field extends string>(
  args: { first?: number | null; after?: string | null },
  sort: { field: Field; direction: 'asc' | 'desc' },
  find: (after: ReturnType<typeof keysetAfter<Field>>, take: number) => Promise<Row[]>,
  at: (row: Row) => Date,
): Promise<Page<Row>> {
  const first = pageSize(args.first, 20);
  const rows = await find(keysetAfter(sort.field, decodeCursor(args.after), sort.direction), first + 1);
  return toPage(rows, first, (row) => encodeCursor(at(row), row.id));
}

/**
 * The bound of a deprecated list field that a `…Page` connection replaced: it returns at most
 * this many rows, the first ones in the connection's order.
 */
export const LIST_BOUND = 100;
