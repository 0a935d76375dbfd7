/**
 * Writing in the discussion: threads, replies, votes, poll votes and reports, each in one
 * transaction with the counters it moves (reply count, last activity; a vote's score and poll
 * counts move by trigger in the vote's own statement) and the notifications it causes, so that
 * a failed request leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { type ImageAttestation, isUniqueViolation, type NotificationKind, type Prisma } from '@consilium/db';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { chargeWriter } from './actor.ts';
import { notify } from './mentions.ts';
import { isMember } from '../groups/membership.ts';
import { visiblePosts, visibleThreads } from '../groups/visibility.ts';
import { addQuestion, type QuestionArgs } from './questions.ts';

type Tx = Prisma.TransactionClient;

export interface ThreadArgs {
  room: string;
  title: string;
  body: string;
  tags?: string[] | null;
  poll?: { question: string; options: string[] } | null;
  attachmentIds?: Array<string | number> | null;
  /** A group of the viewer's: the thread is its members' alone. */
  groupId?: string | number | null;
  /** Makes the thread a question to a specialist (its room is then the specialty). */
  question?: QuestionArgs | null;
  /** Required with images: the author attests consent or de-identification (nothing else is kept). */
  imageAttestation?: ImageAttestation | null;
}

/** Attaches the poster's own, not yet attached uploads to a post; anything else is refused. */
async function attach(tx: Tx, pseudonymId: string, postId: string, ids: string[]) {
  if (ids.length === 0) return;
  const { count } = await tx.attachment.updateMany({ where: { id: { in: ids }, uploaderId: pseudonymId, postId: null }, data: { postId } });
  if (count !== ids.length) {
    throw badInput('attachmentIds', 'not_found', 'attachmentIds: each must be an image you uploaded and have not attached to another post.');
  }
}

export async function createThread(ctx: Context, input: ThreadArgs): Promise<string> {
  const author = await chargeWriter(ctx, ctx.rateLimits.threads);
  const id = randomUUID();
  const attachmentIds = [...new Set((input.attachmentIds ?? []).map(String))];
  if (attachmentIds.length > 10) throw badInput('attachmentIds', 'out_of_range', 'attachmentIds: at most 10 images.');
  const groupId = input.groupId ? String(input.groupId) : null;
  if (groupId && !(await isMember(ctx, groupId))) throw badInput('groupId', 'not_found', 'groupId: no group of yours has this id.');
  if (attachmentIds.length > 0 && !input.imageAttestation) {
    throw badInput('imageAttestation', 'required', 'imageAttestation: a post with images needs the patient’s consent or full de-identification attested (CONSENT_OBTAINED or DEIDENTIFIED).');
  }
  // An attestation without an image attests nothing: it is not kept.
  const imageAttestation = attachmentIds.length > 0 ? input.imageAttestation : null;
  await ctx.db.$transaction(async (tx) => {
    const now = new Date();
    await tx.thread.create({
      data: { id, room: input.room, title: input.title, tags: input.tags ?? [], authorId: author.id, createdAt: now, lastActivityAt: now, groupId },
    });
    await tx.post.create({ data: { id, threadId: id, openingOf: id, authorId: author.id, body: input.body, createdAt: now, imageAttestation } });
    await notify(tx, { id, authorId: author.id, body: input.body, at: now }, new Map(), { watchers: true });
    if (input.question) await addQuestion(tx, { id, authorId: author.id, at: now }, input.question);
    if (input.poll) {
      await tx.poll.create({
        data: { threadId: id, question: input.poll.question, options: { create: input.poll.options.map((label, position) => ({ label, position })) } },
      });
    }
    await attach(tx, author.id, id, attachmentIds);
  });
  return id;
}

export interface ReplyArgs {
  threadId: string;
  body: string;
  parentId?: string | null;
}

export async function reply(ctx: Context, input: ReplyArgs): Promise<string> {
  const author = await chargeWriter(ctx, ctx.rateLimits.replies);
  const thread = await ctx.db.thread.findFirst({ where: { id: input.threadId, ...visibleThreads(ctx) }, select: { id: true, authorId: true, groupId: true, question: { select: { threadId: true } } } });
  if (!thread) throw badInput('threadId', 'not_found', 'threadId: no thread has this id.');
  let parent: { id: string; parentId: string | null; authorId: string } | null = null;
  if (input.parentId && input.parentId !== thread.id) {
    parent = await ctx.db.post.findFirst({ where: { id: input.parentId, threadId: thread.id }, select: { id: true, parentId: true, authorId: true } });
    if (!parent) throw badInput('parentId', 'not_found', 'parentId: no post of this thread has this id.');
  }
  const id = randomUUID();
  await ctx.db.$transaction(async (tx) => {
    const now = new Date();
    // One level of nesting: a reply to a reply hangs under the top-level one.
    await tx.post.create({
      data: { id, threadId: thread.id, parentId: parent ? (parent.parentId ?? parent.id) : null, authorId: author.id, body: input.body, createdAt: now },
    });
    await tx.thread.update({ where: { id: thread.id }, data: { replyCount: { increment: 1 }, lastActivityAt: now } });
    const notices = new Map<string, NotificationKind>();
    if (parent) notices.set(parent.authorId, 'REPLY_TO_POST');
    // The asker of a question is told of every answer as such, whatever it replies to.
    if (thread.question) notices.set(thread.authorId, 'ANSWER_TO_QUESTION');
    else if (!notices.has(thread.authorId)) notices.set(thread.authorId, 'REPLY_TO_THREAD');
    await notify(tx, { id, authorId: author.id, body: input.body, at: now }, notices, { watchers: true });
  });
  return id;
}

/** Sets the viewer's vote on a post (-1, 0 or 1) and returns the post's new score. */
export async function vote(ctx: Context, postId: string, value: number): Promise<number> {
  if (![-1, 0, 1].includes(value)) throw badInput('value', 'out_of_range', 'value must be -1, 0 or 1.');
  const voter = await chargeWriter(ctx, ctx.rateLimits.votes);
  if (!(await ctx.db.post.findFirst({ where: { id: postId, ...visiblePosts(ctx) }, select: { id: true } }))) throw badInput('postId', 'not_found', 'postId: no post has this id.');
  // The post's score moves with the vote row, by trigger (new − old, under the row's lock):
  // exact however many votes on the post run at once.
  if (value === 0) await ctx.db.postVote.deleteMany({ where: { postId, pseudonymId: voter.id } });
  else {
    await ctx.db.postVote.upsert({
      where: { postId_pseudonymId: { postId, pseudonymId: voter.id } },
      create: { postId, pseudonymId: voter.id, value },
      update: { value },
    });
  }
  const post = await ctx.db.post.findUniqueOrThrow({ where: { id: postId }, select: { score: true } });
  return post.score;
}

export async function votePoll(ctx: Context, pollId: string, optionId: string): Promise<void> {
  const voter = await chargeWriter(ctx, ctx.rateLimits.votes);
  const option = await ctx.db.pollOption.findFirst({ where: { id: optionId, pollId, poll: { is: { thread: { is: visibleThreads(ctx) } } } }, select: { id: true } });
  if (!option) throw badInput('optionId', 'not_found', 'optionId: this poll has no such option.');
  await ctx.db.pollVote.upsert({
    where: { pollId_pseudonymId: { pollId, pseudonymId: voter.id } },
    create: { pollId, pseudonymId: voter.id, optionId },
    update: { optionId },
  });
}

export async function reportPost(ctx: Context, postId: string, reason: string): Promise<void> {
  const reporter = await chargeWriter(ctx, ctx.rateLimits.reports);
  if (!(await ctx.db.post.findFirst({ where: { id: postId, ...visiblePosts(ctx) }, select: { id: true } }))) throw badInput('postId', 'not_found', 'postId: no post has this id.');
  const data = { reason, createdAt: new Date(), resolved: false };
  try {
    await ctx.db.postReport.upsert({ where: { postId_reporterId: { postId, reporterId: reporter.id } }, create: { postId, reporterId: reporter.id, ...data }, update: data });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}
