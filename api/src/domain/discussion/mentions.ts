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
 * Notifies the post's recipients: `notices` (replies, which take precedence) and the pseudonyms
 * the body mentions, never the author; a pseudonym already notified of this post is not again
 * (an edit adding a mention notifies only the new name). In a group thread, only its members.
 */
export async function notify(tx: Tx, post: { id: string; authorId: string; body: string; at: Date; groupId?: string | null }, notices = new Map<string, NotificationKind>()) {
  const handles = mentionedHandles(post.body);
  if (handles.length > 0) {
    const mentioned = await tx.pseudonym.findMany({ where: { handle: { in: handles } }, select: { id: true } });
    for (const { id } of mentioned) if (!notices.has(id)) notices.set(id, 'MENTION');
  }
  notices.delete(post.authorId);
  if (post.groupId && notices.size > 0) {
    // In a group thread only members are notified: a mention of anyone else, or a reply to a
    // member who has left, would tell them the thread exists.
    const members = new Set((await tx.groupMember.findMany({ where: { groupId: post.groupId, pseudonymId: { in: [...notices.keys()] } }, select: { pseudonymId: true } })).map((m) => m.pseudonymId));
    for (const id of notices.keys()) if (!members.has(id)) notices.delete(id);
  }
  if (notices.size === 0) return;
  await tx.notification.createMany({
    data: [...notices].map(([recipientId, kind]) => ({ recipientId, kind, postId: post.id, createdAt: post.at })),
    skipDuplicates: true,
  });
}
