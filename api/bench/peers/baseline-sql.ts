/**
 * The hand-written baseline's SQL: each page in one statement that returns the page as JSON
 * (threads with their author, opening post, the viewer's vote, poll and images), with the
 * semantics of the API's resolvers — the same filters, orders, keyset cursors and page sizes.
 * `$1` is always the viewer's pseudonym key.
 */

/** An instant as the API's DateTime scalar writes it (toISOString: UTC, milliseconds, "Z"). */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const author = (p: string) => `json_build_object('id', ${p}.id, 'handle', ${p}.handle, 'specialty', ${p}.specialty, 'country', ${p}.country)`;

/** A thread `t` with its opening post: every field any page of the bench reads. */
const THREAD = `json_build_object(
  'id', t.id, 'room', t.room, 'title', t.title, 'tags', t.tags, 'createdAt', ${iso('t.created_at')}, 'lastActivityAt', ${iso('t.last_activity_at')},
  'replyCount', t.reply_count, 'body', o.body, 'score', o.score, 'hidden', o.hidden,
  'editedAt', ${iso('o.edited_at')}, 'imageAttestation', o.image_attestation, 'mine', COALESCE(t.author_id = (SELECT id FROM me), false),
  'bookmarked', EXISTS (SELECT 1 FROM bookmark b JOIN me ON me.id = b.pseudonym_id WHERE b.thread_id = t.id),
  'myVote', (SELECT v.value FROM post_vote v JOIN me ON me.id = v.pseudonym_id WHERE v.post_id = o.id),
  'author', (SELECT ${author('au')} FROM pseudonym au WHERE au.id = t.author_id),
  'poll', (SELECT json_build_object('id', p.id, 'question', p.question,
      'myVote', (SELECT pv.option_id FROM poll_vote pv JOIN me ON me.id = pv.pseudonym_id WHERE pv.poll_id = p.id),
      'options', (SELECT json_agg(json_build_object('id', po.id, 'label', po.label, 'votes', po.votes) ORDER BY po.position) FROM poll_option po WHERE po.poll_id = p.id))
    FROM poll p WHERE p.thread_id = t.id),
  'attachments', (SELECT json_agg(json_build_object('id', a.id, 'mimeType', a.mime_type, 'width', a.width, 'height', a.height) ORDER BY a.created_at, a.id)
    FROM attachment a WHERE a.post_id = o.id))`;

const ME = 'WITH me AS (SELECT id FROM pseudonym WHERE key = $1)';

/** A group's threads are its members' only (domain/groups/visibility.ts): thread `t` is in no group or in one of the viewer's. */
const visible = (t: string) => `(${t}.group_id IS NULL OR ${t}.group_id IN (SELECT gm.group_id FROM group_member gm JOIN me ON me.id = gm.pseudonym_id))`;

/** $2 room, $3 tag, $4/$5 the cursor's instant and id (nulls for none), $6 page size + 1; $7 the tags' room ("" for all), when `withTags`. */
export function feedSql(withTags: boolean): string {
  const threads = `(SELECT json_agg(${THREAD} ORDER BY t.last_activity_at DESC, t.id DESC)
    FROM (SELECT * FROM thread
          WHERE group_id IS NULL AND ($2::text IS NULL OR room = $2) AND ($3::text IS NULL OR tags @> ARRAY[$3::varchar])
            AND ($4::timestamptz IS NULL OR last_activity_at < $4 OR (last_activity_at = $4 AND id < $5::uuid))
          ORDER BY last_activity_at DESC, id DESC LIMIT $6) t
    LEFT JOIN post o ON o.opening_of = t.id)`;
  const tags = `(SELECT json_agg(json_build_object('tag', c.tag, 'count', c.count) ORDER BY c.count DESC, c.tag)
    FROM (SELECT tag, count FROM tag_count WHERE room = $7 AND count > 0 ORDER BY count DESC, tag LIMIT 30) c)`;
  return `${ME} SELECT json_build_object('threads', ${threads}${withTags ? `, 'tags', ${tags}` : ''}) AS page`;
}

/**
 * The search of schema/search.ts (French and English stems of the unaccented words, ts_rank over
 * the thread's document, keyset on (rank, id)): $2 words, $3/$4 the cursor's rank and id, $5 page size + 1.
 */
export const SEARCH_SQL = `${ME}, q AS MATERIALIZED (
    SELECT websearch_to_tsquery('french', public.unaccent($2)) || websearch_to_tsquery('english', public.unaccent($2)) AS q
  ), m AS (
    SELECT s.thread_id AS id, ts_rank(s.search, q.q) AS rank FROM thread_search s JOIN thread g ON g.id = s.thread_id, q
     WHERE s.search @@ q.q AND ${visible('g')}
  ), found AS (
    SELECT m.id, m.rank FROM m
    WHERE $3::real IS NULL OR (m.rank, m.id) < ($3::real, $4::uuid)
    ORDER BY m.rank DESC, m.id DESC LIMIT $5
  )
  SELECT json_build_object('threads', (SELECT json_agg(json_build_object('rank', f.rank, 'thread', ${THREAD}) ORDER BY f.rank DESC, f.id DESC)
    FROM found f JOIN thread t ON t.id = f.id LEFT JOIN post o ON o.opening_of = t.id)) AS page`;

/** One thread and a page of its replies, oldest first: $2 thread id, $3/$4 the replies' cursor, $5 page size + 1. */
export const THREAD_SQL = `${ME} SELECT json_build_object('thread', ${THREAD}, 'replies', (
    SELECT json_agg(json_build_object('id', r.id, 'threadId', r.thread_id, 'parentId', r.parent_id, 'body', r.body,
        'author', (SELECT ${author('ra')} FROM pseudonym ra WHERE ra.id = r.author_id),
        'createdAt', ${iso('r.created_at')}, 'editedAt', ${iso('r.edited_at')}, 'mine', COALESCE(r.author_id = (SELECT id FROM me), false), 'score', r.score, 'hidden', r.hidden,
        'myVote', (SELECT v.value FROM post_vote v JOIN me ON me.id = v.pseudonym_id WHERE v.post_id = r.id)) ORDER BY r.created_at, r.id)
    FROM (SELECT * FROM post
          WHERE thread_id = t.id AND opening_of IS NULL
            AND ($3::timestamptz IS NULL OR created_at > $3 OR (created_at = $3 AND id > $4::uuid))
          ORDER BY created_at, id LIMIT $5) r)) AS page
  FROM thread t LEFT JOIN post o ON o.opening_of = t.id WHERE t.id = $2 AND ${visible('t')}`;
