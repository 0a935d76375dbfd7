/**
 * Who sees a group thread: its group's members, and the moderators who judge a reported post.
 * Anyone else gets what a thread that does not exist gives (null, "not found", nothing in a
 * list): one rule, as a Prisma `where` for the resolvers and as SQL for the one-statement pages
 * (domain/discussion/reads.ts) and the fast path (fast-path/compile.ts), so all of them agree.
 */
import type { Prisma } from '@consilium/db';
import type { Context } from '../../context.ts';
import { viewerKey } from '../discussion/actor.ts';
import { seesHiddenPosts } from '../discussion/hidden-posts.ts';

/** The threads the viewer may see: those of no group, and those of the viewer's groups. */
export function visibleThreads(ctx: Pick<Context, 'viewer' | 'env'>): Prisma.ThreadWhereInput {
  if (seesHiddenPosts(ctx.viewer)) return {};
  return { OR: [{ groupId: null }, { group: { is: { members: { some: { pseudonym: { is: { key: viewerKey(ctx) } } } } } } }] };
}

/** The posts the viewer may see: those of a thread they may see. */
export const visiblePosts = (ctx: Pick<Context, 'viewer' | 'env'>): Prisma.PostWhereInput => ({ thread: { is: visibleThreads(ctx) } });

/**
 * SQL text: thread `alias` is visible to the pseudonym of the statement's `me` CTE (a CTE every
 * page statement has: `me AS (SELECT <pseudonym id or NULL> AS id)`), read in its own FROM so that
 * it holds in a CTE or subquery where `me` is not otherwise joined.
 */
export const visibleToMe = (alias: string) =>
  `(${alias}.group_id IS NULL OR ${alias}.group_id IN (SELECT gm.group_id FROM group_member gm, me WHERE gm.pseudonym_id = me.id))`;

/** SQL text: thread `alias` is public (in no group): what the feed and the tag counts list. */
export const inNoGroup = (alias: string) => `${alias}.group_id IS NULL`;
