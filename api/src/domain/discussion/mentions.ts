/**
 * @mentions: a post naming `@Cobalt-Heron-4821` notifies that pseudonym in the app (never by
 * e-mail: a notification carries pseudonymous content). Written in the post's own transaction.
 */
import type { NotificationKind, Prisma } from '@consilium/db';

type Tx = Prisma.TransactionClient;

/** The most pseudonyms one post notifies: a list of names is not a way to page everyone. */
export const MAX_MENTIONS = 10;

const MENTION = /(?<![\w@-])@([A-Za-z]+-[A-Za-z]+-\d{4})(?![\w-])/g;

/** The distinct handles a markdown body mentions, in order, at most MAX_MENTIONS; none inside code. */
export function mentionedHandles(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
  const handles = new Set<string>();
  for (const match of prose.matchAll(MENTION)) {
    handles.add(match[1]!);
    if (handles.size === MAX_MENTIONS) break;
  }
  return [...handles];
}

/**
 * Notifies the post's recipients in one INSERT … SELECT: `notices` (replies, which take
 * precedence), the pseudonyms the body mentions, and — when `watchers` (a new post, not an edit) —
 * every pseudonym watching the thread, its group, its room or one of its tags (WATCHED_ACTIVITY).
 * Never the author, never a pseudonym whose effective level in the thread is MUTED (the thread's
 * own follow, else its group's, else its room's and tags': follows.ts), and a pseudonym already
 * notified of this post is not again (an edit adding a mention notifies only the new name). In a
 * group thread, only its members — the one membership rule, for named and watching recipients
 * alike: a mention of anyone else, a reply to a member who has left, a watched room or a follow of
 * the group kept by a former member would tell them the thread exists.
 */
export async function notify(
  tx: Tx,
  post: { id: string; authorId: string; body: string; at: Date },
  notices = new Map<string, NotificationKind>(),
  { watchers = false }: { watchers?: boolean } = {},
) {
  const handles = mentionedHandles(post.body);
  if (handles.length > 0) {
    const mentioned = await tx.pseudonym.findMany({ where: { handle: { in: handles } }, select: { id: true } });
    for (const { id } of mentioned) if (!notices.has(id)) notices.set(id, 'MENTION');
  }
  notices.delete(post.authorId);
  if (notices.size === 0 && !watchers) return;
  await tx.$executeRaw`
    WITH th AS (SELECT t.id::text AS id, t.room, t.tags, t.group_id, t.group_id::text AS group_key FROM post p JOIN thread t ON t.id = p.thread_id WHERE p.id = ${post.id}::uuid),
    named AS (SELECT * FROM unnest(${[...notices.keys()]}::uuid[], ${[...notices.values()]}::"NotificationKind"[]) AS n(recipient_id, kind)),
    watching AS (
      SELECT DISTINCT f.pseudonym_id AS recipient_id, 'WATCHED_ACTIVITY'::"NotificationKind" AS kind FROM follow f, th
      WHERE ${watchers} AND f.level = 'WATCHING'
        AND ((f.target_kind = 'THREAD' AND f.target = th.id) OR (f.target_kind = 'GROUP' AND f.target = th.group_key)
             OR (f.target_kind = 'ROOM' AND f.target = th.room) OR (f.target_kind = 'TAG' AND f.target = ANY(th.tags)))),
    candidate AS (SELECT * FROM named UNION ALL SELECT * FROM watching w WHERE NOT EXISTS (SELECT 1 FROM named n WHERE n.recipient_id = w.recipient_id))
    INSERT INTO notification (recipient_id, kind, post_id, created_at)
    SELECT c.recipient_id, c.kind, ${post.id}::uuid, ${post.at} FROM candidate c, th
    WHERE c.recipient_id <> ${post.authorId}::uuid
      AND (th.group_id IS NULL OR EXISTS (SELECT 1 FROM group_member gm WHERE gm.group_id = th.group_id AND gm.pseudonym_id = c.recipient_id))
      AND COALESCE(
        (SELECT f.level::text FROM follow f WHERE f.pseudonym_id = c.recipient_id AND f.target_kind = 'THREAD' AND f.target = th.id),
        (SELECT f.level::text FROM follow f WHERE f.pseudonym_id = c.recipient_id AND f.target_kind = 'GROUP' AND f.target = th.group_key),
        (SELECT CASE WHEN bool_or(f.level = 'WATCHING') THEN 'WATCHING' WHEN bool_or(f.level = 'MUTED') THEN 'MUTED' END FROM follow f
          WHERE f.pseudonym_id = c.recipient_id AND ((f.target_kind = 'ROOM' AND f.target = th.room) OR (f.target_kind = 'TAG' AND f.target = ANY(th.tags)))),
        'NORMAL') <> 'MUTED'
    ON CONFLICT (recipient_id, post_id) DO NOTHING`;
}
