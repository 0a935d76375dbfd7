/**
 * The viewer as the discussion sees them: their pseudonym, found by its HMAC key, never by an
 * account id stored anywhere near a post.
 */
import type { Pseudonym } from '@consilium/db';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Context } from '../../context.ts';
import { forbidden } from '../../errors.ts';
import { pseudonymKey } from '../pseudonyms.ts';
import { consume } from '../rate-limits.ts';

/** What finding the viewer's pseudonym needs: a GraphQL context, or the same parts from a file route. */
type Viewing = Pick<Context, 'viewer' | 'db' | 'env'>;

const NOBODY = new Uint8Array(32);
const found = new WeakMap<object, Promise<Pseudonym | null>>();

const keys = new WeakMap<object, Uint8Array<ArrayBuffer>>();

/**
 * The key of the viewer's pseudonym (a key no pseudonym has for a viewer without one), computed
 * once per request: a page's planned query asks for it in every field that reads the viewer's vote.
 */
export function viewerKey(ctx: Pick<Context, 'viewer' | 'env'>): Uint8Array<ArrayBuffer> {
  if (ctx.viewer?.role !== 'PHYSICIAN') return NOBODY;
  let key = keys.get(ctx.viewer);
  if (!key) keys.set(ctx.viewer, (key = pseudonymKey(ctx.env.PSEUDONYM_SECRET, ctx.viewer.accountId)));
  return key;
}

/** The viewer's pseudonym, looked up once per request. */
export function viewerPseudonym(ctx: Viewing): Promise<Pseudonym | null> {
  let pseudonym = found.get(ctx);
  if (!pseudonym) {
    pseudonym = ctx.viewer?.role === 'PHYSICIAN' ? ctx.db.pseudonym.findUnique({ where: { key: viewerKey(ctx) } }) : Promise.resolve(null);
    found.set(ctx, pseudonym);
  }
  return pseudonym;
}

export const SUSPENDED_MESSAGE = 'Your pseudonym is suspended: you can read the discussion but not post, reply, vote, report or upload.';

/**
 * The pseudonym a write is made under, after charging the write to its rate limit (refused
 * with RATE_LIMITED past it); a suspended one is refused before anything is charged.
 */
export async function chargeWriter(ctx: Viewing, limiter: RateLimiterRedis) {
  const pseudonym = await viewerPseudonym(ctx);
  if (!pseudonym) throw forbidden('Only a verified physician with a pseudonym can write in the discussion.');
  if (pseudonym.suspended) throw forbidden(SUSPENDED_MESSAGE);
  await consume([limiter, pseudonym.id]);
  return pseudonym;
}
