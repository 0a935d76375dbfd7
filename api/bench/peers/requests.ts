/**
 * What `pnpm bench:peers` asks each server: the API and the baseline the same GraphQL request (the
 * web app's own operations, printed from web/src/lib/graphql/discussion.ts, and bench:feed's full
 * feed page); PostGraphile the same rows and fields in its own schema. `rowsOf` reduces either
 * answer to the rows it holds (ids and counts), to check that the three return the same rows.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { print, type DocumentNode } from 'graphql';
import { FEED, LONG_THREAD_ID } from '../discussion-data.ts';

export type Kind = 'feed (web FeedQuery)' | 'feed (full, poll counts)' | 'thread (50 replies)' | 'search p1' | 'search p2';
export const KINDS: Kind[] = ['feed (web FeedQuery)', 'feed (full, poll counts)', 'thread (50 replies)', 'search p1', 'search p2'];

/** The baseline's route for each kind. */
export const BASELINE_ROUTE: Record<Kind, string> = {
  'feed (web FeedQuery)': '/feed-web',
  'feed (full, poll counts)': '/feed-full',
  'thread (50 replies)': '/thread',
  'search p1': '/search',
  'search p2': '/search',
};

export const SEARCH_WORD = 'syncope';

export interface GraphQLBody {
  query: string;
  variables: Record<string, unknown>;
}

/** The web's operations as its client sends them. Loaded at run time: the API's type check does not read the web's sources. */
export async function webOperations(): Promise<Record<'feed' | 'thread' | 'search', string>> {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/src/lib/graphql/discussion.ts');
  const web = (await import(pathToFileURL(file).href)) as Record<'FeedQuery' | 'ThreadQuery' | 'SearchQuery', DocumentNode>;
  const thread = print(web.ThreadQuery);
  // The thread page: 50 replies (the web asks 20 a page).
  if (!thread.includes('replies(first: 20, after: $after)')) throw new Error('the web ThreadQuery no longer asks replies(first: 20, after: $after): update bench/peers/requests.ts');
  return { feed: print(web.FeedQuery), thread: thread.replace('replies(first: 20, after: $after)', 'replies(first: 50, after: $after)'), search: print(web.SearchQuery) };
}

/** The API's (and the baseline's) request for each kind; search p2 takes the API's end cursor of page 1. */
export function apiBodies(web: Awaited<ReturnType<typeof webOperations>>, searchCursor: string | null): Record<Kind, GraphQLBody> {
  return {
    'feed (web FeedQuery)': { query: web.feed, variables: { room: null, tag: null, after: null } },
    'feed (full, poll counts)': { query: FEED, variables: {} },
    'thread (50 replies)': { query: web.thread, variables: { id: LONG_THREAD_ID, after: null } },
    'search p1': { query: web.search, variables: { query: SEARCH_WORD, after: null } },
    'search p2': { query: web.search, variables: { query: SEARCH_WORD, after: searchCursor } },
  };
}

const AUTHOR = 'pseudonymByAuthorId { rowId handle specialty country }';
const ATTACHMENTS = (fields: string) => `attachmentsByPostId(orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) { nodes { ${fields} } }`;
const POLL = 'pollsByThreadId(first: 1) { nodes { rowId question pollOptionsByPollId(orderBy: POSITION_ASC) { nodes { rowId label votes } } } }';
const SUMMARY = `rowId room title tags createdAt lastActivityAt replyCount ${AUTHOR}
  postsByOpeningOf(first: 1) { nodes { score hidden ${ATTACHMENTS('rowId')} } } pollsByThreadId(first: 1) { nodes { rowId } }`;
const FULL = `rowId title room tags replyCount lastActivityAt ${AUTHOR}
  postsByOpeningOf(first: 1) { nodes { body score hidden ${ATTACHMENTS('rowId')} } } ${POLL}`;
const THREADS = 'first: 20, after: $after, orderBy: [LAST_ACTIVITY_AT_DESC, ROW_ID_DESC]';

/** The bench's search in PostgreSQL for PostGraphile (schema/search.ts's ranking), exposed as Query.peersSearchThreads. */
export const POSTGRAPHILE_SEARCH_FUNCTION = `CREATE SCHEMA peers;
-- The table staff_role and the enum "StaffRole" would both be PostGraphile's codec staffRole.
COMMENT ON TABLE staff_role IS E'@name staff_role_grant';
CREATE FUNCTION peers.search_threads(words text) RETURNS SETOF public.thread LANGUAGE sql STABLE AS $$
  WITH q AS MATERIALIZED (
    SELECT websearch_to_tsquery('french', public.unaccent(words)) || websearch_to_tsquery('english', public.unaccent(words)) AS q
  )
  SELECT t.* FROM thread_search s JOIN q ON s.search @@ q.q JOIN thread t ON t.id = s.thread_id
  ORDER BY ts_rank(s.search, q.q) DESC, t.id DESC
$$;`;

/** PostGraphile's request for each kind; search p2 takes PostGraphile's own end cursor of page 1. */
export function postgraphileBodies(searchCursor: string | null): Record<Kind, GraphQLBody> {
  const search = `query Search($words: String!, $after: Cursor) { peersSearchThreads(words: $words, first: 20, after: $after) { edges { cursor node { ${SUMMARY} } } pageInfo { hasNextPage endCursor } } }`;
  return {
    'feed (web FeedQuery)': {
      query: `query Feed($after: Cursor) { allThreads(${THREADS}) { edges { cursor node { ${SUMMARY} } } pageInfo { hasNextPage endCursor } }
        allTagCounts(condition: { room: "" }, orderBy: [COUNT_DESC, TAG_ASC], first: 30) { nodes { tag count } } }`,
      variables: { after: null },
    },
    'feed (full, poll counts)': {
      query: `query FeedFull($after: Cursor) { allThreads(${THREADS}) { edges { cursor node { ${FULL} } } pageInfo { hasNextPage endCursor } } }`,
      variables: { after: null },
    },
    'thread (50 replies)': {
      query: `query Thread($id: UUID!) { threadByRowId(rowId: $id) { rowId room title tags createdAt lastActivityAt replyCount ${AUTHOR}
        postsByOpeningOf(first: 1) { nodes { body score hidden ${ATTACHMENTS('rowId mimeType width height')} } } ${POLL}
        postsByThreadId(condition: { openingOf: null }, orderBy: [CREATED_AT_ASC, ROW_ID_ASC], first: 50) {
          nodes { rowId threadId parentId body score hidden createdAt ${AUTHOR} } pageInfo { hasNextPage endCursor } } } }`,
      variables: { id: LONG_THREAD_ID },
    },
    'search p1': { query: search, variables: { words: SEARCH_WORD, after: null } },
    'search p2': { query: search, variables: { words: SEARCH_WORD, after: searchCursor } },
  };
}

/** The rows an answer holds, the same for the API and PostGraphile when they return the same rows. */
export function rowsOf(kind: Kind, data: any, server: 'api' | 'postgraphile'): unknown {
  if (kind === 'thread (50 replies)') {
    const t = server === 'api' ? data.thread : data.threadByRowId;
    if (server === 'api') return [t.id, t.score, t.replyCount, t.poll?.options.map((o: any) => o.votes) ?? null, t.replies.edges.map((e: any) => [e.node.id, e.node.score, e.node.author.handle])];
    const opening = t.postsByOpeningOf.nodes[0];
    const poll = t.pollsByThreadId.nodes[0];
    return [t.rowId, opening.score, t.replyCount, poll?.pollOptionsByPollId.nodes.map((o: any) => o.votes) ?? null, t.postsByThreadId.nodes.map((n: any) => [n.rowId, n.score, n.pseudonymByAuthorId.handle])];
  }
  const connection = server === 'api' ? (data.feed ?? data.search) : (data.allThreads ?? data.peersSearchThreads);
  return connection.edges.map(({ node: n }: any) => {
    if (server === 'api') return [n.id, n.score, n.replyCount, n.author.handle, n.poll?.id ?? null, n.poll?.options?.map((o: any) => o.votes) ?? null, n.attachments.map((a: any) => a.id)];
    const opening = n.postsByOpeningOf.nodes[0];
    const poll = n.pollsByThreadId.nodes[0];
    return [n.rowId, opening.score, n.replyCount, n.pseudonymByAuthorId.handle, poll?.rowId ?? null, poll?.pollOptionsByPollId?.nodes.map((o: any) => o.votes) ?? null, opening.attachmentsByPostId.nodes.map((a: any) => a.rowId)];
  });
}
