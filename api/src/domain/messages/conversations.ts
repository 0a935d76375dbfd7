/**
 * Private conversations between pseudonyms: starting one, sending, reading, blocking. Every row
 * names pseudonyms only. Messages carry their day and a per-conversation number; each member's
 * inbox is ordered by that member's own activity counter, so nothing stored here is a clock that
 * a thief could set beside a session or an audit entry (docs/discussion.md, "Private messages").
 */
import type { Prisma } from '@consilium/db';
import { GraphQLError } from 'graphql';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { chargeWriter, viewerPseudonym } from '../discussion/actor.ts';

type Tx = Prisma.TransactionClient;

/** A conversation holds at most this many pseudonyms, its starter included. */
export const MAX_MEMBERS = 8;

/**
 * The refusal when someone in the conversation blocked the sender. It names nobody: in a group,
 * the sender does not learn which member blocked them.
 */
export const notAccepted = () =>
  new GraphQLError('Someone in this conversation does not accept your messages.', { extensions: { code: 'FORBIDDEN', reason: 'blocked' } });

/** Today (UTC) as the DATE a message or report is stored with: never a time of day. */
export const today = () => new Date(new Date().toISOString().slice(0, 10));

/**
 * Appends a message: the conversation's row lock numbers it, every member's inbox counter moves
 * past their other conversations, and the author has read up to it.
 */
async function append(tx: Tx, conversationId: string, authorId: string, body: string): Promise<string> {
  const [{ last_seq: seq }] = await tx.$queryRaw<[{ last_seq: number }]>`
    UPDATE conversation SET last_seq = last_seq + 1 WHERE id = ${conversationId}::uuid RETURNING last_seq`;
  const message = await tx.message.create({ data: { conversationId, seq, authorId, body, day: today() }, select: { id: true } });
  await tx.$executeRaw`
    UPDATE conversation_member m
       SET activity = (SELECT coalesce(max(o.activity), 0) + 1 FROM conversation_member o WHERE o.pseudonym_id = m.pseudonym_id),
           last_read_seq = CASE WHEN m.pseudonym_id = ${authorId}::uuid THEN ${seq} ELSE m.last_read_seq END
     WHERE m.conversation_id = ${conversationId}::uuid`;
  return message.id;
}

/** Whether any of `memberIds` blocked `senderId`. */
async function blockedBy(db: Tx | Context['db'], senderId: string, memberIds: string[]): Promise<boolean> {
  return (await db.pseudonymBlock.count({ where: { blockedId: senderId, blockerId: { in: memberIds } } })) > 0;
}

/**
 * Starts a conversation with the pseudonyms of `handles` and sends its first message. With one
 * handle, an existing one-to-one conversation between the two is reused.
 */
export async function startConversation(ctx: Context, handles: string[], body: string): Promise<string> {
  const wanted = [...new Set(handles)];
  if (wanted.length < 1 || wanted.length > MAX_MEMBERS - 1) {
    throw badInput('handles', 'out_of_range', `handles: name 1 to ${MAX_MEMBERS - 1} other pseudonyms.`);
  }
  const me = await chargeWriter(ctx, ctx.rateLimits.messages);
  const others = await ctx.db.pseudonym.findMany({ where: { handle: { in: wanted } }, select: { id: true, handle: true } });
  const missing = wanted.filter((h) => !others.some((o) => o.handle === h));
  if (missing.length > 0) throw badInput('handles', 'not_found', `handles: no pseudonym has the handle ${missing[0]}.`);
  if (others.some((o) => o.id === me.id)) throw badInput('handles', 'invalid', 'handles: a conversation is with others, not with yourself.');
  const otherIds = others.map((o) => o.id);
  if (await blockedBy(ctx.db, me.id, otherIds)) throw notAccepted();
  if (otherIds.length === 1) {
    const existing = await ctx.db.conversation.findFirst({
      where: { AND: [{ members: { some: { pseudonymId: me.id } } }, { members: { some: { pseudonymId: otherIds[0] } } }, { members: { every: { pseudonymId: { in: [me.id, otherIds[0]!] } } } }] },
      select: { id: true },
    });
    if (existing) {
      await ctx.db.$transaction((tx) => append(tx, existing.id, me.id, body));
      return existing.id;
    }
  }
  await chargeWriter(ctx, ctx.rateLimits.conversations);
  return ctx.db.$transaction(async (tx) => {
    const { id } = await tx.conversation.create({ data: { members: { create: [me.id, ...otherIds].map((pseudonymId) => ({ pseudonymId })) } }, select: { id: true } });
    await append(tx, id, me.id, body);
    return id;
  });
}

/** The viewer's membership of a conversation, or BAD_USER_INPUT as for a conversation that does not exist. */
async function membership(ctx: Context, conversationId: string) {
  const me = await viewerPseudonym(ctx);
  const member = me && (await ctx.db.conversationMember.findUnique({ where: { conversationId_pseudonymId: { conversationId, pseudonymId: me.id } } }));
  if (!me || !member) throw badInput('conversationId', 'not_found', 'conversationId: no conversation of yours has this id.');
  return me;
}

/** Sends a message to a conversation the viewer is in; refused if a member blocked the viewer. */
export async function sendMessage(ctx: Context, conversationId: string, body: string): Promise<string> {
  await membership(ctx, conversationId);
  const me = await chargeWriter(ctx, ctx.rateLimits.messages);
  return ctx.db.$transaction(async (tx) => {
    const members = await tx.conversationMember.findMany({ where: { conversationId, pseudonymId: { not: me.id } }, select: { pseudonymId: true } });
    if (await blockedBy(tx, me.id, members.map((m) => m.pseudonymId))) throw notAccepted();
    return append(tx, conversationId, me.id, body);
  });
}

/** The number of messages the pseudonym has not read, over all their conversations. */
export async function unreadMessages(db: Context['db'], pseudonymId: string): Promise<number> {
  const [row] = await db.$queryRaw<[{ n: number }]>`
    SELECT coalesce(sum(c.last_seq - m.last_read_seq), 0)::int AS n
      FROM conversation_member m JOIN conversation c ON c.id = m.conversation_id WHERE m.pseudonym_id = ${pseudonymId}::uuid`;
  return row.n;
}

/** Marks a conversation read up to its last message; returns the viewer's unread messages left. */
export async function markConversationRead(ctx: Context, conversationId: string): Promise<number> {
  const me = await membership(ctx, conversationId);
  await ctx.db.$executeRaw`
    UPDATE conversation_member m SET last_read_seq = c.last_seq FROM conversation c
     WHERE c.id = m.conversation_id AND m.conversation_id = ${conversationId}::uuid AND m.pseudonym_id = ${me.id}::uuid AND m.last_read_seq <> c.last_seq`;
  return unreadMessages(ctx.db, me.id);
}

/** Blocks (or unblocks) a pseudonym's messages to the viewer; idempotent. Returns the new state. */
export async function setBlocked(ctx: Context, pseudonymId: string, blocked: boolean): Promise<boolean> {
  const me = await viewerPseudonym(ctx);
  if (!me) throw badInput('pseudonymId', 'not_found', 'pseudonymId: no pseudonym has this id.');
  if (pseudonymId === me.id) throw badInput('pseudonymId', 'invalid', 'pseudonymId: you cannot block yourself.');
  if (!blocked) {
    await ctx.db.pseudonymBlock.deleteMany({ where: { blockerId: me.id, blockedId: pseudonymId } });
    return false;
  }
  const inserted = await ctx.db.$executeRaw`
    INSERT INTO pseudonym_block (blocker_id, blocked_id) SELECT ${me.id}::uuid, p.id FROM pseudonym p WHERE p.id = ${pseudonymId}::uuid
    ON CONFLICT DO NOTHING`;
  if (inserted === 0 && !(await ctx.db.pseudonym.findUnique({ where: { id: pseudonymId }, select: { id: true } }))) {
    throw badInput('pseudonymId', 'not_found', 'pseudonymId: no pseudonym has this id.');
  }
  return true;
}
