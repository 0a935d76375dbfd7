/**
 * Replies arrive as a flat, oldest-first list with `parentId`; the thread page shows one level
 * of nesting: a reply to a reply sits under the reply it answers, and an answer to one of those
 * under the same top-level reply (the conversation it belongs to).
 */

export interface ReplyLike {
  id: string;
  parentId: string | null;
}

export interface ReplyGroup<R extends ReplyLike> {
  reply: R;
  children: R[];
}

/** The top-level replies, in order, each with the replies that belong under it, in order. */
export function groupReplies<R extends ReplyLike>(replies: readonly R[], threadId: string): ReplyGroup<R>[] {
  const byId = new Map(replies.map((r) => [r.id, r]));
  /** The top-level reply a reply belongs under, or null when it is one itself. */
  const rootOf = (reply: R): string | null => {
    const seen = new Set<string>([reply.id]);
    let current = reply;
    while (current.parentId !== null && current.parentId !== threadId) {
      const parent = byId.get(current.parentId);
      // A parent on another page of replies, or a loop in bad data: shown at the top level.
      if (!parent || seen.has(parent.id)) return current === reply ? null : current.id;
      seen.add(parent.id);
      current = parent;
    }
    return current === reply ? null : current.id;
  };
  const groups: ReplyGroup<R>[] = [];
  const groupOf = new Map<string, ReplyGroup<R>>();
  for (const reply of replies) {
    const root = rootOf(reply);
    const group = root === null ? undefined : groupOf.get(root);
    if (group) {
      group.children.push(reply);
    } else {
      const created = { reply, children: [] };
      groups.push(created);
      groupOf.set(reply.id, created);
    }
  }
  return groups;
}

/** What a reply posted from under `reply` answers: nested replies answer within their conversation. */
export function replyTarget(group: ReplyGroup<ReplyLike>, reply: ReplyLike): string {
  return reply.id === group.reply.id ? reply.id : group.reply.id;
}
