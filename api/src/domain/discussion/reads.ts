/**
 * The discussion's read pages (a feed page, a thread with its replies, a page of search results)
 * in one SQL statement each: PostgreSQL builds the page as JSON in the shape Prisma would have
 * returned for the query Pothos planned, so the Thread, Post and Poll fields resolve from it as
 * they do from Prisma's rows. One statement instead of one per relation, and no Prisma row
 * mapping: on a feed page that was most of the API's CPU time.
 *
 * Only the columns the types expose are built; the pseudonym's HMAC key and the post_vote and
 * poll_vote rows of anyone but the viewer never leave the database. A query that asks for
 * something this shape does not hold (see `covers`) is served by Prisma as before.
 */
import { Prisma, queryRows, type Db } from '@consilium/db';
import { inNoGroup, visibleToMe } from '../groups/visibility.ts';

export interface AuthorRow {
  id: string;
  handle: string;
  specialty: string;
  country: string;
}
export interface AttachmentRow {
  id: string;
  mimeType: string;
  width: number;
  height: number;
}
export interface PostRow {
  id: string;
  threadId: string;
  parentId: string | null;
  openingOf: string | null;
  authorId: string;
  body: string;
  score: number;
  hidden: boolean;
  createdAt: Date;
  editedAt: Date | null;
  author: AuthorRow;
  votes: Array<{ value: number }>;
}
export interface PollRow {
  id: string;
  threadId: string;
  question: string;
  options: Array<{ id: string; pollId: string; position: number; label: string; voteCount: number }>;
  votes: Array<{ optionId: string }>;
}
export interface ThreadRow {
  id: string;
  room: string;
  title: string;
  tags: string[];
  authorId: string;
  createdAt: Date;
  lastActivityAt: Date;
  replyCount: number;
  groupId: string | null;
  author: AuthorRow;
  opening: { hidden: boolean; body: string; score: number; editedAt: Date | null; imageAttestation: string | null; votes: Array<{ value: number }>; attachments: AttachmentRow[] } | null;
  poll: PollRow | null;
  /** The viewer's bookmark of the thread (none or one). */
  bookmarks: Array<{ threadId: string }>;
  posts?: PostRow[];
}

/** The last row seen: its sort value and id. */
export interface Cursor {
  at: Date;
  id: string;
}

/** A page of replies: the size asked for and the last reply seen. */
export interface RepliesWindow {
  first: number;
  cursor: Cursor | null;
}

const ms = (column: Prisma.Sql) => Prisma.sql`(extract(epoch FROM ${column}) * 1000)::bigint`;
const date = (value: number | string | Date | null) => (value === null ? null : new Date(value));

const author = (column: Prisma.Sql) => Prisma.sql`(SELECT json_build_object('id', a.id, 'handle', a.handle, 'specialty', a.specialty, 'country', a.country)
  FROM pseudonym a WHERE a.id = ${column})`;

const myVotes = (post: Prisma.Sql) => Prisma.sql`COALESCE((SELECT json_agg(json_build_object('value', v.value))
  FROM post_vote v WHERE v.post_id = ${post} AND v.pseudonym_id = me.id), '[]')`;

/** The replies of thread `t`, oldest first, `first + 1` of them (the extra one says a next page exists). */
function replies({ first, cursor }: RepliesWindow) {
  const after = cursor ? Prisma.sql`AND (r.created_at, r.id) > (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)` : Prisma.empty;
  return Prisma.sql`COALESCE((SELECT json_agg(json_build_object('id', r.id, 'threadId', r.thread_id, 'parentId', r.parent_id, 'openingOf', r.opening_of,
      'authorId', r.author_id, 'body', r.body, 'score', r.score, 'hidden', r.hidden, 'createdAt', ${ms(Prisma.sql`r.created_at`)}, 'editedAt', ${ms(Prisma.sql`r.edited_at`)},
      'author', ${author(Prisma.sql`r.author_id`)}, 'votes', ${myVotes(Prisma.sql`r.id`)}) ORDER BY r.created_at, r.id)
    FROM (SELECT * FROM post r WHERE r.thread_id = t.id AND r.opening_of IS NULL ${after} ORDER BY r.created_at, r.id LIMIT ${first + 1}) r), '[]')`;
}

/** Thread `t` as JSON, with its author, opening post (the viewer's vote, attachments), poll and, if asked, replies. */
function threadNode(window: RepliesWindow | null) {
  return Prisma.sql`json_build_object('id', t.id, 'room', t.room, 'title', t.title, 'tags', t.tags, 'authorId', t.author_id,
    'createdAt', ${ms(Prisma.sql`t.created_at`)}, 'lastActivityAt', ${ms(Prisma.sql`t.last_activity_at`)}, 'replyCount', t.reply_count, 'groupId', t.group_id,
    'author', ${author(Prisma.sql`t.author_id`)},
    'bookmarks', COALESCE((SELECT json_agg(json_build_object('threadId', b.thread_id)) FROM bookmark b WHERE b.thread_id = t.id AND b.pseudonym_id = me.id), '[]'),
    'opening', (SELECT json_build_object('hidden', o.hidden, 'body', o.body, 'score', o.score, 'editedAt', ${ms(Prisma.sql`o.edited_at`)}, 'imageAttestation', o.image_attestation, 'votes', ${myVotes(Prisma.sql`o.id`)},
        'attachments', COALESCE((SELECT json_agg(json_build_object('id', x.id, 'mimeType', x.mime_type, 'width', x.width, 'height', x.height) ORDER BY x.created_at, x.id)
          FROM attachment x WHERE x.post_id = o.id), '[]'))
      FROM post o WHERE o.opening_of = t.id),
    'poll', (SELECT json_build_object('id', p.id, 'threadId', p.thread_id, 'question', p.question,
        'options', COALESCE((SELECT json_agg(json_build_object('id', po.id, 'pollId', po.poll_id, 'position', po.position, 'label', po.label, 'voteCount', po.votes) ORDER BY po.position)
          FROM poll_option po WHERE po.poll_id = p.id), '[]'),
        'votes', COALESCE((SELECT json_agg(json_build_object('optionId', pv.option_id)) FROM poll_vote pv WHERE pv.poll_id = p.id AND pv.pseudonym_id = me.id), '[]'))
      FROM poll p WHERE p.thread_id = t.id)
    ${window ? Prisma.sql`, 'posts', ${replies(window)}` : Prisma.empty})`;
}

/** The viewer's pseudonym id (NULL for a viewer without one), computed once per statement. */
const me = (key: Uint8Array) => Prisma.sql`me AS MATERIALIZED (SELECT (SELECT id FROM pseudonym WHERE key = ${key}) AS id)`;

function toThread(row: ThreadRow): ThreadRow {
  row.createdAt = new Date(row.createdAt);
  row.lastActivityAt = new Date(row.lastActivityAt);
  if (row.opening) row.opening.editedAt = date(row.opening.editedAt);
  if (row.posts) {
    for (const post of row.posts) {
      post.createdAt = new Date(post.createdAt);
      post.editedAt = date(post.editedAt);
    }
  }
  return row;
}

async function json<T>(db: Db, sql: Prisma.Sql): Promise<T> {
  const [row] = await queryRows<{ page: string }>(db, sql);
  return JSON.parse(row!.page) as T;
}

export interface FeedFilter {
  room?: string | null;
  tag?: string | null;
  /** Only the threads the viewer bookmarked. */
  bookmarked?: boolean | null;
  /** Only this group's threads (the caller checked the viewer is a member). */
  group?: string | null;
  cursor: Cursor | null;
  first: number;
}

/**
 * Which threads a feed lists: one group's (its member asked), the viewer's bookmarks (a group
 * thread among them while the viewer is its member), or else the public ones: never a group's.
 */
export function feedScope(bookmarked: boolean | null | undefined, group: string | null | undefined): Prisma.Sql {
  if (group) return Prisma.sql`t.group_id = ${group}::uuid`;
  return Prisma.raw(bookmarked ? visibleToMe('t') : inNoGroup('t'));
}

/** A feed page, newest activity first: `first + 1` threads after the cursor, by keyset on (lastActivityAt, id). */
export async function feedPage(db: Db, viewerKey: Uint8Array, { room, tag, bookmarked, group, cursor, first }: FeedFilter): Promise<ThreadRow[]> {
  const where = [
    feedScope(bookmarked, group),
    bookmarked ? Prisma.sql`t.id IN (SELECT b.thread_id FROM bookmark b, me WHERE b.pseudonym_id = me.id)` : null,
    room ? Prisma.sql`t.room = ${room}` : null,
    tag ? Prisma.sql`t.tags @> ARRAY[${tag}]::varchar(32)[]` : null,
    cursor ? Prisma.sql`(t.last_activity_at, t.id) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)` : null,
  ].filter((c) => c !== null);
  const rows = await json<ThreadRow[]>(
    db,
    Prisma.sql`WITH ${me(viewerKey)}, page AS (
      SELECT * FROM thread t ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
      ORDER BY t.last_activity_at DESC, t.id DESC LIMIT ${first + 1})
    SELECT COALESCE(json_agg(${threadNode(null)} ORDER BY t.last_activity_at DESC, t.id DESC), '[]')::text AS page FROM page t, me`,
  );
  return rows.map(toThread);
}

/** One thread with a page of its replies, or null when no thread has this id or the viewer may not see it (`everyGroup`: a moderator). */
export async function threadPage(db: Db, viewerKey: Uint8Array, id: string, window: RepliesWindow | null, everyGroup = false): Promise<ThreadRow | null> {
  const visible = everyGroup ? Prisma.empty : Prisma.sql`AND ${Prisma.raw(visibleToMe('t'))}`;
  const row = await json<ThreadRow | null>(
    db,
    Prisma.sql`WITH ${me(viewerKey)} SELECT (SELECT ${threadNode(window)} FROM thread t WHERE t.id = ${id}::uuid ${visible})::text AS page FROM me`,
  );
  return row && toThread(row);
}

/**
 * Threads the viewer may see (domain/groups/visibility.ts) whose title, opening post or visible replies match the words: French and English stems
 * of the unaccented query OR'ed, against one document per thread (`thread_search`, kept by
 * triggers: title weight A, opening post B, replies C; NULL while the thread is hidden), ranked by
 * ts_rank over that document, best first. Paginated by keyset on (rank, id): `first + 1` after the
 * cursor. `q` is MATERIALIZED: inlined, the planner would parse and unaccent the query again for
 * every candidate row (in the recheck and in ts_rank), which cost more than the ranking itself.
 */
function ranked(words: string, first: number, cursor: { rank: number; id: string } | null) {
  const after = cursor ? Prisma.sql`WHERE (m.rank, m.id) < (${cursor.rank}::real, ${cursor.id}::uuid)` : Prisma.empty;
  return Prisma.sql`q AS MATERIALIZED (
      SELECT websearch_to_tsquery('french', public.unaccent(${words})) || websearch_to_tsquery('english', public.unaccent(${words})) AS q
    ), m AS (
      SELECT s.thread_id AS id, ts_rank(s.search, q.q) AS rank FROM thread_search s JOIN thread g ON g.id = s.thread_id, q, me
       WHERE s.search @@ q.q AND ${Prisma.raw(visibleToMe('g'))}
    ), ranked AS (
      SELECT m.id, m.rank FROM m ${after} ORDER BY m.rank DESC, m.id DESC LIMIT ${first + 1}
    )`;
}

/** The ids and ranks of the matching threads the viewer may see, best first (see `ranked`). */
export function searchMatches(db: Db, viewerKey: Uint8Array, words: string, first: number, cursor: { rank: number; id: string } | null) {
  return db.$queryRaw<Array<{ id: string; rank: number }>>`WITH ${me(viewerKey)}, ${ranked(words, first, cursor)} SELECT id, rank FROM ranked ORDER BY rank DESC, id DESC`;
}

/** A page of search results (see `ranked`), each thread with its rank, in one statement. */
export async function searchPage(db: Db, viewerKey: Uint8Array, words: string, first: number, cursor: { rank: number; id: string } | null) {
  const rows = await json<Array<{ rank: number; thread: ThreadRow }>>(
    db,
    Prisma.sql`WITH ${me(viewerKey)}, ${ranked(words, first, cursor)}
    SELECT COALESCE(json_agg(json_build_object('rank', ranked.rank, 'thread', ${threadNode(null)}) ORDER BY ranked.rank DESC, ranked.id DESC), '[]')::text AS page
    FROM ranked JOIN thread t ON t.id = ranked.id, me`,
  );
  for (const row of rows) toThread(row.thread);
  return rows;
}

/** Marks a relation's shape whose JSON holds every column: `true` (all of them) is covered there. */
export const ALL_COLUMNS = Symbol('all columns');
export const allColumns = <T extends object>(shape: T): T => Object.assign(shape, { [ALL_COLUMNS]: true });

const ARGUMENTS = new Set(['where', 'orderBy', 'take', 'skip', 'cursor', 'distinct']);

/**
 * Whether the page's JSON holds everything a Prisma query (as Pothos planned it) would have
 * loaded: each of its selections is within `shape`, and each argument (where, orderBy, take)
 * equals the one `shape` was built with. `true` (every column) is covered only where `shape` says
 * `true`: on a relation it would have read columns the JSON does not hold.
 */
export function covers(query: unknown, shape: unknown, argument = false): boolean {
  if (query === true && typeof shape === 'object' && shape !== null && ALL_COLUMNS in shape) return true;
  if (query instanceof Uint8Array) return shape instanceof Uint8Array && Buffer.compare(query, shape) === 0;
  if (query instanceof Date) return shape instanceof Date && query.getTime() === shape.getTime();
  if (typeof query !== 'object' || query === null || typeof shape !== 'object' || shape === null) return query === shape;
  if (Array.isArray(query)) return Array.isArray(shape) && query.length === shape.length && query.every((q, i) => covers(q, shape[i], true));
  const keys = Object.keys(query);
  if (argument && keys.length !== Object.keys(shape).length) return false;
  return keys.every((key) => key in shape && covers((query as Record<string, unknown>)[key], (shape as Record<string, unknown>)[key], argument || ARGUMENTS.has(key)));
}
