/**
 * A selection → SQL compiler for the discussion's read types (Thread, Post, Poll, PollOption,
 * Attachment, Pseudonym, the thread and post connections, TagCount): each selection becomes one
 * SQL expression that writes its JSON text, with the resolvers' rules (a hidden post's title,
 * body and images withheld from all but moderators, the viewer's own votes, bookmark and authorship,
 * keyset pages of `first + 1` rows and their cursors). A field it does not know, or an argument
 * the resolvers would refuse, throws `NotCompilable`: normal execution serves the document.
 */
import { inNoGroup, visibleToMe } from '../domain/groups/visibility.ts';
import { getArgumentValues, type FieldNode, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { decodeCursor, numberAt, pageSize } from '../schema/connection.ts';
import { empty, join, raw, sql, type Sql } from './sql.ts';
import { collectFields, NotCompilable, subSelections, type Fragments } from './selection.ts';
import { array, instantCursor, isoJson, isoJsonOrNull, json, jsonOrNull, lit, object, rankCursor } from './sql-json.ts';

export interface Compilation {
  schema: GraphQLSchema;
  fragments: Fragments;
  variables: Record<string, unknown>;
  /** Moderators see hidden posts' bodies and images (`seesHiddenPosts`). */
  seesHidden: boolean;
  aliases: number;
}

/** The arguments of one field, coerced and defaulted as graphql-js gives them to a resolver. */
export function argumentsOf(c: Compilation, def: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
  return getArgumentValues(def, node, c.variables) as Record<string, unknown>;
}

const scoped = (element: { extensions?: unknown }) => {
  const options = (element.extensions as { pothosOptions?: Record<string, unknown> } | undefined)?.pothosOptions;
  return options !== undefined && (options.authScopes !== undefined || options.grantScopes !== undefined);
};

const alias = (c: Compilation, prefix: string) => raw(`${prefix}${++c.aliases}`);

/** Compiles an object selection: each response key through `field`, __typename as a constant. */
function selectionObject(
  c: Compilation,
  type: GraphQLObjectType,
  nodes: FieldNode[],
  field: (name: string, def: GraphQLField<unknown, unknown>, node: FieldNode, sub: FieldNode[]) => Sql,
): Sql {
  const fields = collectFields(type.name, subSelections(nodes), c.fragments);
  if (fields.size > 50) throw new NotCompilable('too many fields');
  // Scopes below the root field are not evaluated here: a type or field that declares any is left to graphql-js.
  if (scoped(type)) throw new NotCompilable(`${type.name} has authScopes`);
  const entries: Array<[string, Sql]> = [];
  for (const [key, group] of fields) {
    const name = group[0]!.name.value;
    if (name === '__typename') {
      entries.push([key, lit(JSON.stringify(type.name))]);
      continue;
    }
    const def = type.getFields()[name];
    if (!def || scoped(def)) throw new NotCompilable(`${type.name}.${name}`);
    entries.push([key, field(name, def, group[0]!, group)]);
  }
  return object(entries);
}

const typeOf = (c: Compilation, name: string) => c.schema.getType(name) as GraphQLObjectType;

function pseudonym(c: Compilation, nodes: FieldNode[], id: Sql): Sql {
  const a = alias(c, 'a');
  const body = selectionObject(c, typeOf(c, 'Pseudonym'), nodes, (name) => {
    if (name === 'id' || name === 'handle' || name === 'specialty' || name === 'country') return json(sql`${a}.${raw(name)}`);
    throw new NotCompilable(`Pseudonym.${name}`);
  });
  return sql`(SELECT ${body} FROM pseudonym ${a} WHERE ${a}.id = ${id})`;
}

const myVote = (post: Sql) => sql`COALESCE((SELECT v.value FROM post_vote v WHERE v.post_id = ${post} AND v.pseudonym_id = me.id), 0)::text`;
const mine = (author: Sql) => sql`COALESCE(me.id = ${author}, false)::text`;
const WITHHELD = (c: Compilation) => raw(c.seesHidden ? 'false' : 'true');

function attachments(c: Compilation, nodes: FieldNode[], post: Sql): Sql {
  const x = alias(c, 'x');
  const element = selectionObject(c, typeOf(c, 'Attachment'), nodes, (name) => {
    if (name === 'id') return json(sql`${x}.id`);
    if (name === 'url') return sql`('"/uploads/' || ${x}.id::text || '"')`;
    if (name === 'mimeType') return json(sql`${x}.mime_type`);
    if (name === 'width' || name === 'height') return sql`${x}.${raw(name)}::text`;
    throw new NotCompilable(`Attachment.${name}`);
  });
  return array(element, sql`attachment ${x} WHERE ${x}.post_id = ${post}`, sql`${x}.created_at, ${x}.id`);
}

function poll(c: Compilation, nodes: FieldNode[], thread: Sql): Sql {
  const p = alias(c, 'p');
  const body = selectionObject(c, typeOf(c, 'Poll'), nodes, (name, _def, _node, sub) => {
    if (name === 'id' || name === 'question') return json(sql`${p}.${raw(name)}`);
    if (name === 'totalVotes') return sql`(SELECT COALESCE(sum(s.votes), 0)::text FROM poll_option s WHERE s.poll_id = ${p}.id)`;
    if (name === 'myVote') return jsonOrNull(sql`(SELECT pv.option_id FROM poll_vote pv WHERE pv.poll_id = ${p}.id AND pv.pseudonym_id = me.id)`);
    if (name === 'options') {
      const po = alias(c, 'po');
      const element = selectionObject(c, typeOf(c, 'PollOption'), sub, (option) => {
        if (option === 'id' || option === 'label') return json(sql`${po}.${raw(option)}`);
        if (option === 'votes') return sql`${po}.votes::text`;
        throw new NotCompilable(`PollOption.${option}`);
      });
      return array(element, sql`poll_option ${po} WHERE ${po}.poll_id = ${p}.id`, sql`${po}.position`);
    }
    throw new NotCompilable(`Poll.${name}`);
  });
  return sql`COALESCE((SELECT ${body} FROM poll ${p} WHERE ${p}.thread_id = ${thread}), 'null')`;
}

/** A reply `r` (a row of post). */
function post(c: Compilation, nodes: FieldNode[], r: Sql): Sql {
  return selectionObject(c, typeOf(c, 'Post'), nodes, (name, _def, _node, sub) => {
    switch (name) {
      case 'id':
      case 'threadId':
        return json(sql`${r}.${raw(name === 'id' ? 'id' : 'thread_id')}`);
      case 'parentId':
        return jsonOrNull(sql`${r}.parent_id`);
      case 'body':
        return sql`CASE WHEN ${r}.hidden AND ${WITHHELD(c)} THEN '""' ELSE ${json(sql`${r}.body`)} END`;
      case 'author':
        return pseudonym(c, sub, sql`${r}.author_id`);
      case 'createdAt':
        return isoJson(sql`${r}.created_at`);
      case 'editedAt':
        return isoJsonOrNull(sql`${r}.edited_at`);
      case 'mine':
        return mine(sql`${r}.author_id`);
      case 'score':
        return sql`${r}.score::text`;
      case 'hidden':
        return sql`${r}.hidden::text`;
      case 'myVote':
        return myVote(sql`${r}.id`);
      default:
        throw new NotCompilable(`Post.${name}`);
    }
  });
}

/**
 * A keyset connection over `rows` (a subquery of `first + 1` rows with an `ord` column, 1 first),
 * aliased `t`, with `joined` for each row: its edges' nodes, cursors and pageInfo.
 */
function connection(c: Compilation, typeName: string, nodes: FieldNode[], first: number, rows: Sql, joined: Sql, node: (sub: FieldNode[]) => Sql, cursor: Sql): Sql {
  const edgeType = typeOf(c, `${typeName}Edge`);
  let needsEnd = false;
  const aggregates: Sql[] = [sql`COALESCE(max(t.ord), 0) AS n`];
  const body = selectionObject(c, typeOf(c, `${typeName}Connection`), nodes, (name, _def, _node, sub) => {
    if (name === 'edges') {
      const edge = selectionObject(c, edgeType, sub, (field, _d, _n, edgeSub) => {
        if (field === 'cursor') return cursor;
        if (field === 'node') return node(edgeSub);
        throw new NotCompilable(`${edgeType.name}.${field}`);
      });
      const i = aggregates.length;
      aggregates.push(sql`string_agg(${edge}, ',' ORDER BY t.ord) FILTER (WHERE t.ord <= ${raw(String(first))}) AS ${raw(`e${i}`)}`);
      return sql`('[' || COALESCE(c.${raw(`e${i}`)}, '') || ']')`;
    }
    if (name === 'pageInfo') {
      return selectionObject(c, typeOf(c, 'PageInfo'), sub, (info) => {
        if (info === 'hasNextPage') return sql`(c.n > ${raw(String(first))})::text`;
        if (info === 'endCursor') {
          needsEnd = true;
          return sql`COALESCE(c.end_cursor, 'null')`;
        }
        throw new NotCompilable(`PageInfo.${info}`);
      });
    }
    throw new NotCompilable(`${typeName}Connection.${name}`);
  });
  if (needsEnd) aggregates.push(sql`(array_agg(${cursor} ORDER BY t.ord DESC) FILTER (WHERE t.ord <= ${raw(String(first))}))[1] AS end_cursor`);
  return sql`(SELECT ${body} FROM (SELECT ${join(aggregates, ', ')} FROM ${rows} t ${joined}) c)`;
}

function replies(c: Compilation, nodes: FieldNode[], args: Record<string, unknown>, thread: Sql): Sql {
  const first = pageSize(args.first as number | null, 50);
  const after = decodeCursor(args.after as string | null);
  const window = after ? sql`AND (p.created_at, p.id) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : empty;
  const rows = sql`(SELECT p.id, p.thread_id, p.parent_id, p.author_id, p.body, p.score, p.hidden, p.created_at, p.edited_at,
      row_number() OVER (ORDER BY p.created_at, p.id) AS ord
    FROM (SELECT * FROM post p WHERE p.thread_id = ${thread} AND p.opening_of IS NULL ${window} ORDER BY p.created_at, p.id LIMIT ${raw(String(first + 1))}) p)`;
  return connection(c, 'Post', nodes, first, rows, empty, (sub) => post(c, sub, sql`t`), instantCursor(sql`t.created_at`, sql`t.id`));
}

/** A thread `t` with its opening post `o` (LEFT JOINed: null columns without one). */
export function thread(c: Compilation, nodes: FieldNode[], t: Sql, o: Sql): Sql {
  const hidden = sql`COALESCE(${o}.hidden, false)`;
  return selectionObject(c, typeOf(c, 'Thread'), nodes, (name, def, node, sub) => {
    switch (name) {
      case 'id':
      case 'room':
      case 'tags':
        return json(sql`${t}.${raw(name)}`);
      case 'title':
        return sql`CASE WHEN ${hidden} AND ${WITHHELD(c)} THEN '""' ELSE ${json(sql`${t}.title`)} END`;
      case 'body':
        return sql`CASE WHEN ${o}.id IS NULL OR (${o}.hidden AND ${WITHHELD(c)}) THEN '""' ELSE ${json(sql`${o}.body`)} END`;
      case 'excerpt':
        // rules.ts's excerpt(body, 200) as JSON text, kept by a trigger (migration 20261208020000_post_excerpt).
        return sql`CASE WHEN ${o}.id IS NULL OR ${o}.hidden THEN '""' ELSE ${o}.excerpt END`;
      case 'editedAt':
        return isoJsonOrNull(sql`${o}.edited_at`);
      case 'mine':
        return mine(sql`${t}.author_id`);
      case 'bookmarked':
        return sql`EXISTS (SELECT 1 FROM bookmark b WHERE b.thread_id = ${t}.id AND b.pseudonym_id = me.id)::text`;
      case 'author':
        return pseudonym(c, sub, sql`${t}.author_id`);
      case 'createdAt':
        return isoJson(sql`${t}.created_at`);
      case 'lastActivityAt':
        return isoJson(sql`${t}.last_activity_at`);
      case 'score':
        return sql`COALESCE(${o}.score, 0)::text`;
      case 'hidden':
        return sql`${hidden}::text`;
      case 'myVote':
        return myVote(sql`${o}.id`);
      case 'replyCount':
        return sql`${t}.reply_count::text`;
      case 'groupId':
        return jsonOrNull(sql`${t}.group_id`);
      case 'imageAttestation':
        return jsonOrNull(sql`${o}.image_attestation`);
      case 'poll':
        return poll(c, sub, sql`${t}.id`);
      case 'attachments':
        return sql`CASE WHEN ${o}.id IS NULL OR (${o}.hidden AND ${WITHHELD(c)}) THEN '[]' ELSE ${attachments(c, sub, sql`${o}.id`)} END`;
      case 'replies':
        return replies(c, sub, argumentsOf(c, def, node), sql`${t}.id`);
      default:
        throw new NotCompilable(`Thread.${name}`);
    }
  });
}

/** A page of threads: `rows` has `first + 1` threads with their `ord`. */
export function threadConnection(c: Compilation, nodes: FieldNode[], first: number, rows: Sql, cursor: Sql): Sql {
  const o = alias(c, 'o');
  return connection(c, 'Thread', nodes, first, rows, sql`LEFT JOIN post ${o} ON ${o}.opening_of = t.id`, (sub) => thread(c, sub, sql`t`, o), cursor);
}

export interface FeedArgs {
  room?: string | null;
  tag?: string | null;
  bookmarked?: boolean | null;
  group?: string | null;
  first?: number | null;
  after?: string | null;
}

/** Query.feed (schema/thread.ts): newest activity first, keyset on (lastActivityAt, id). */
export function feed(c: Compilation, nodes: FieldNode[], args: FeedArgs): Sql {
  const first = pageSize(args.first, 20);
  const cursor = decodeCursor(args.after);
  // One group's feed checks membership first (schema/thread.ts): normal execution serves it.
  if (args.group) throw new NotCompilable('feed(group)');
  const where = [
    raw(args.bookmarked ? visibleToMe('f') : inNoGroup('f')),
    args.bookmarked ? sql`f.id IN (SELECT b.thread_id FROM bookmark b WHERE b.pseudonym_id = me.id)` : null,
    args.room ? sql`f.room = ${args.room}` : null,
    args.tag ? sql`f.tags @> ARRAY[${args.tag}]::varchar(32)[]` : null,
    cursor ? sql`(f.last_activity_at, f.id) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)` : null,
  ].filter((w) => w !== null);
  const rows = sql`(SELECT f.*, row_number() OVER (ORDER BY f.last_activity_at DESC, f.id DESC) AS ord FROM (SELECT * FROM thread f
      ${where.length ? sql`WHERE ${join(where, ' AND ')}` : empty} ORDER BY f.last_activity_at DESC, f.id DESC LIMIT ${raw(String(first + 1))}) f)`;
  return threadConnection(c, nodes, first, rows, instantCursor(sql`t.last_activity_at`, sql`t.id`));
}

/** Query.search (schema/search.ts and reads.ts's `ranked`): best rank first, keyset on (rank, id). */
export function search(c: Compilation, nodes: FieldNode[], args: { query: string; first?: number | null; after?: string | null }): Sql {
  const first = pageSize(args.first, 20);
  const decoded = decodeCursor(args.after, numberAt);
  const after = decoded ? sql`WHERE (m.rank, m.id) < (${decoded.at}::real, ${decoded.id}::uuid)` : empty;
  const rows = sql`(WITH q AS MATERIALIZED (
        SELECT websearch_to_tsquery('french', public.unaccent(${args.query})) || websearch_to_tsquery('english', public.unaccent(${args.query})) AS q
      ), m AS (
        SELECT s.thread_id AS id, ts_rank(s.search, q.q) AS rank FROM thread_search s JOIN thread g ON g.id = s.thread_id, q
         WHERE s.search @@ q.q AND ${raw(visibleToMe('g'))}
      ), ranked AS (
        SELECT m.id, m.rank FROM m ${after} ORDER BY m.rank DESC, m.id DESC LIMIT ${raw(String(first + 1))}
      )
      SELECT f.*, ranked.rank AS fp_rank, row_number() OVER (ORDER BY ranked.rank DESC, ranked.id DESC) AS ord FROM ranked JOIN thread f ON f.id = ranked.id)`;
  return threadConnection(c, nodes, first, rows, rankCursor(sql`t.fp_rank`, sql`t.id`));
}

/** Query.thread: null when no thread has this id. */
export function threadById(c: Compilation, nodes: FieldNode[], id: string): Sql {
  const o = alias(c, 'o');
  const visible = c.seesHidden ? empty : sql`AND ${raw(visibleToMe('t'))}`;
  return sql`COALESCE((SELECT ${thread(c, nodes, sql`t`, o)} FROM thread t LEFT JOIN post ${o} ON ${o}.opening_of = t.id WHERE t.id = ${id}::uuid ${visible}), 'null')`;
}

/** Query.tags: the 30 most used tags of a room ("" for all), from the counts the trigger keeps. */
export function tags(c: Compilation, nodes: FieldNode[], room: string | null | undefined): Sql {
  const element = selectionObject(c, typeOf(c, 'TagCount'), nodes, (name) => {
    if (name === 'tag') return json(sql`x.tag`);
    if (name === 'count') return sql`x.count::text`;
    throw new NotCompilable(`TagCount.${name}`);
  });
  return array(element, sql`(SELECT tag, count FROM tag_count WHERE room = ${room ?? ''} AND count > 0 ORDER BY count DESC, tag ASC LIMIT 30) x`, sql`x.count DESC, x.tag ASC`);
}
