/**
 * Ask a specialist (#16 point 1). A question is a thread in the addressed specialty's room with a
 * `thread_question` row; asking fans out SPECIALIST_QUESTION notifications to the pseudonyms of
 * that specialty (and country, and region, when given) that opted in, in one INSERT … SELECT in the
 * thread's own transaction (a region-addressed one is refused when it would reach fewer than k). Quiet hours: a ROUTINE question's notification to a specialist inside their
 * quiet hours is written with created_at = the end of those hours (local time, their IANA zone),
 * and the notification list and unread count show no row from the future; URGENT ones are never
 * held back. The asker (the thread's author) marks the reply that helped and solves or reopens.
 */
import { Prisma, type Db, type QuestionUrgency } from '@consilium/db';
import { z } from 'zod';
import type { Context } from '../../context.ts';
import { badInput, forbidden } from '../../errors.ts';
import { viewerPseudonym } from './actor.ts';
import { checkRegionReach, inRegion, reachedSpecialists, type RegionAddress } from './question-regions.ts';

type Tx = Prisma.TransactionClient;

export const OUTCOME_MAX = 500;
export const outcomeSchema = z.string().trim().min(1).max(OUTCOME_MAX);
export const countrySchema = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .refine((c) => /^[A-Z]{2}$/.test(c), { message: 'a country is a two-letter ISO 3166 code', params: { reason: 'invalid' } });

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));
export const isTimeZone = (zone: string) => zone === 'UTC' || ZONES.has(zone);
export const timeZoneSchema = z.string().trim().max(64).refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Paris', params: { reason: 'invalid' } });
export const hourSchema = z.number().int().min(0).max(23);

export interface QuestionArgs {
  specialty: string;
  country?: string | null;
  /** The addressees' region (with a country), and the keys of its verified physicians. */
  region?: RegionAddress | null;
  urgency: QuestionUrgency;
}

/**
 * Writes the question row, makes the asker watch their question (Discourse watches what one
 * starts; they can lower it like any follow) and notifies the opted-in specialists, in the
 * thread's transaction. Returns how many were notified (now or after their quiet hours).
 */
export async function addQuestion(tx: Tx | Db, thread: { id: string; authorId: string; at: Date }, q: QuestionArgs): Promise<number> {
  await tx.threadQuestion.create({ data: { threadId: thread.id, specialty: q.specialty, country: q.country ?? null, region: q.region?.name ?? null, urgency: q.urgency } });
  await tx.follow.create({ data: { pseudonymId: thread.authorId, targetKind: 'THREAD', target: thread.id, level: 'WATCHING' } });
  const notified = await fanOut(tx, thread, q);
  // Checked on what was written, in the transaction: a throw leaves nothing behind.
  checkRegionReach(q.region, notified);
  return notified;
}

/** The fan-out: one statement, however many specialists (see `pnpm bench:fanout`). */
export function fanOut(tx: Tx | Db, thread: { id: string; authorId: string; at: Date }, q: QuestionArgs): Promise<number> {
  const urgent = q.urgency === 'URGENT';
  return tx.$executeRaw`
    INSERT INTO notification (recipient_id, kind, post_id, created_at)
    SELECT s.pseudonym_id, 'SPECIALIST_QUESTION', ${thread.id}::uuid,
           CASE WHEN quiet.inside
                THEN (date_trunc('day', l.local) + make_interval(hours => s.quiet_end_hour)
                      + CASE WHEN extract(hour FROM l.local) >= s.quiet_end_hour THEN interval '1 day' ELSE interval '0' END) AT TIME ZONE s.time_zone
                ELSE ${thread.at}::timestamptz END
    FROM specialist_availability s
    JOIN pseudonym p ON p.id = s.pseudonym_id
    CROSS JOIN LATERAL (SELECT ${thread.at}::timestamptz AT TIME ZONE s.time_zone AS local) l
    CROSS JOIN LATERAL (SELECT NOT ${urgent}::boolean AND s.quiet_start_hour IS NOT NULL AND s.quiet_end_hour IS NOT NULL
                               AND s.quiet_start_hour <> s.quiet_end_hour
                               AND CASE WHEN s.quiet_start_hour < s.quiet_end_hour
                                        THEN extract(hour FROM l.local) >= s.quiet_start_hour AND extract(hour FROM l.local) < s.quiet_end_hour
                                        ELSE extract(hour FROM l.local) >= s.quiet_start_hour OR extract(hour FROM l.local) < s.quiet_end_hour END AS inside) quiet
    WHERE ${reachedSpecialists(q.specialty, q.country ?? null, thread.authorId)}
      ${inRegion(q.region)}
    ON CONFLICT (recipient_id, post_id) DO NOTHING`;
}

/** The question of a thread the viewer asked; refused for anyone else. */
async function askersQuestion(ctx: Context, threadId: string) {
  const me = await viewerPseudonym(ctx);
  const thread = await ctx.db.thread.findUnique({ where: { id: threadId }, select: { authorId: true, question: { select: { threadId: true } } } });
  if (!thread?.question) throw badInput('threadId', 'not_found', 'threadId: no question has this id.');
  if (!me || thread.authorId !== me.id) throw forbidden('Only the physician who asked the question can mark an answer or solve it.');
  return thread;
}

/** Marks (or, with null, unmarks) the reply that helped. */
export async function markHelpful(ctx: Context, threadId: string, postId: string | null): Promise<void> {
  await askersQuestion(ctx, threadId);
  if (postId) {
    const post = await ctx.db.post.findFirst({ where: { id: postId, threadId, openingOf: null }, select: { id: true } });
    if (!post) throw badInput('postId', 'not_found', 'postId: no reply of this question has this id.');
  }
  await ctx.db.threadQuestion.update({ where: { threadId }, data: { helpfulPostId: postId } });
}

export async function solve(ctx: Context, threadId: string, outcome: string): Promise<void> {
  await askersQuestion(ctx, threadId);
  await ctx.db.threadQuestion.update({ where: { threadId }, data: { status: 'SOLVED', outcome } });
}

export async function reopen(ctx: Context, threadId: string): Promise<void> {
  await askersQuestion(ctx, threadId);
  await ctx.db.threadQuestion.update({ where: { threadId }, data: { status: 'OPEN' } });
}

export interface AvailabilityArgs {
  optedIn: boolean;
  quietStartHour?: number | null;
  quietEndHour?: number | null;
  timeZone?: string | null;
}

/** Sets the viewer's opt-in for their pseudonym's verified specialty. */
export async function setAvailability(ctx: Context, input: AvailabilityArgs) {
  const me = await viewerPseudonym(ctx);
  if (!me) throw forbidden('Only a verified physician with a pseudonym can answer questions.');
  const quiet = input.quietStartHour ?? null;
  const quietEnd = input.quietEndHour ?? null;
  if ((quiet === null) !== (quietEnd === null)) {
    throw badInput(quiet === null ? 'quietStartHour' : 'quietEndHour', 'required', 'Quiet hours need both a start and an end hour (or neither).');
  }
  const data = { specialty: me.specialty, optedIn: input.optedIn, quietStartHour: quiet, quietEndHour: quietEnd, timeZone: input.timeZone ?? 'UTC' };
  return ctx.db.specialistAvailability.upsert({ where: { pseudonymId: me.id }, create: { pseudonymId: me.id, ...data }, update: data });
}

/**
 * The median time, in seconds, from a question to its first reply by a pseudonym of the
 * addressed specialty (not the asker), over the questions asked in the last 90 days that have
 * one; null when fewer than k questions back it.
 */
export async function medianFirstAnswerSeconds(db: Db, specialty: string, k: number): Promise<number | null> {
  const [row] = await db.$queryRaw<Array<{ n: number; median: number | null }>>`
    WITH firsts AS (
      SELECT extract(epoch FROM (
               SELECT min(p.created_at) FROM post p JOIN pseudonym a ON a.id = p.author_id
               WHERE p.thread_id = q.thread_id AND p.opening_of IS NULL AND p.author_id <> t.author_id AND a.specialty = q.specialty
             ) - t.created_at) AS seconds
      FROM thread_question q JOIN thread t ON t.id = q.thread_id
      WHERE q.specialty = ${specialty} AND t.created_at >= now() - interval '90 days')
    SELECT count(seconds)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median FROM firsts WHERE seconds IS NOT NULL`;
  if (!row || row.n < k || row.median === null) return null;
  return Math.round(Number(row.median));
}
