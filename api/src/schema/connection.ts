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

export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(at: Date | string | number, id: string): string {
  return Buffer.from(JSON.stringify([at instanceof Date ? at.toISOString() : at, id])).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if ((typeof at === 'string' || typeof at === 'number') && typeof id === 'string') return { at: String(at), id };
  } catch {
    // falls through to the error below
  }
  throw badInput('after', 'invalid', 'after is not a cursor this API gave out.');
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
