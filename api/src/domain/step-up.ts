/**
 * Step-up: a re-authentication (password + second factor, or a passkey) in the last few minutes,
 * required before the admin operations that change someone's standing or money (approving or
 * revoking a credential, marking an order paid). Kept in Redis with a time-to-live of
 * STEP_UP_MINUTES, keyed by the session: the database never records when an admin re-authenticated.
 */
import type { Context } from '../context.ts';

function key(ctx: Pick<Context, 'env'>, sessionId: string): string {
  return `${ctx.env.REDIS_PREFIX}:step-up:${sessionId}`;
}

/** Records that the session re-authenticated now; it lasts STEP_UP_MINUTES. */
export async function markSteppedUp(ctx: Pick<Context, 'env' | 'redis'>, sessionId: string): Promise<Date> {
  const seconds = ctx.env.STEP_UP_MINUTES * 60;
  await ctx.redis.set(key(ctx, sessionId), '1', 'EX', seconds);
  return new Date(Date.now() + seconds * 1000);
}

/** Whether the session re-authenticated within the last STEP_UP_MINUTES. */
export async function isSteppedUp(ctx: Pick<Context, 'env' | 'redis'>, sessionId: string): Promise<boolean> {
  return (await ctx.redis.exists(key(ctx, sessionId))) === 1;
}

/** Ends a session's step-up (logout, ending the session). */
export async function clearStepUp(ctx: Pick<Context, 'env' | 'redis'>, sessionId: string): Promise<void> {
  await ctx.redis.del(key(ctx, sessionId));
}
