/** Registration and login: the multi-step use cases behind the account mutations. */
import { isUniqueViolation, Prisma, queryRows } from '@consilium/db';
import type { Context } from '../context.ts';
import { badInput, badInputs, secondFactorRequired, unauthenticated } from '../errors.ts';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { consume, limitKey, rateLimitedBy, redisLost } from './rate-limits.ts';
import { unavailableError } from '../http/unavailable.ts';
import { burnVerification, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { createSession, deviceLabel, isRefusal, PASSWORD_CHANGED } from './sessions.ts';
import { countSignInAttempt, signInEntry, signInSuccessTally } from './audit.ts';
import { sendConfirmation } from './mail/account-mail.ts';
import { useSecondFactor } from './second-factor/factors.ts';
import { markSteppedUp } from './step-up.ts';

export interface RegisterArgs {
  email: string;
  password: string;
  role: 'PHYSICIAN' | 'CLIENT';
  organizationName?: string | null;
  organizationType?: 'PUBLIC_AGENCY' | 'ACADEMIC' | 'NONPROFIT' | 'INDUSTRY' | 'OTHER' | null;
}

const PASSWORD_MESSAGES = {
  too_short: 'password must have at least 12 characters.',
  too_long: 'password must have at most 256 characters.',
  common_password: 'password is too common or too easy to guess; choose a longer or less predictable one.',
} as const;

export const KNOWN_ADDRESS_SECONDS = 30 * 24 * 3600;

/**
 * A sign-in's keys: the e-mail's keyed hash (the per-e-mail limit), the e-mail and address pair
 * (its limit), and the Redis key that marks the address as known for the e-mail (exported for
 * bench:login's hand-written peer).
 */
export function loginKeys(secret: string, prefix: string, email: string, ip: string) {
  const who = limitKey(secret, 'login-email', email);
  return { who, known: `${prefix}:login-known:${who}:${ip}`, byEmailAndIp: `${who}:${ip}` };
}

/**
 * The login limits, keyed by a keyed hash of the e-mail (never the address itself): per address,
 * per e-mail and address, and a higher per-e-mail ceiling that does not apply from an address
 * the account has logged in from in the last 30 days — so that guesses spread over many
 * addresses are stopped without locking the holder out of their usual places.
 *
 * A login waits on the network as little as it can: whether the address is known and the three
 * counts are asked of Redis at once (with the account's read), points that the one-by-one order
 * would not have taken are given back beside the verification, and what a success writes is
 * written side by side.
 */
function loginAttempt(ctx: Context, email: string) {
  const { who, known, byEmailAndIp } = loginKeys(ctx.env.RATE_LIMIT_KEY_SECRET, ctx.env.REDIS_PREFIX, email, ctx.ip);
  return {
    consume: async () => {
      // Redis lost: no guess goes uncounted (docs/operations.md, "Faults"), and the refusal comes at once.
      if (redisLost(ctx.redis)) throw unavailableError('redis_unreachable');
      const [fromKnown, byIp, byEmailIp, byEmail] = await Promise.allSettled([
        ctx.redis.exists(known),
        ctx.rateLimits.loginByIp.consume(ctx.ip),
        ctx.rateLimits.loginByEmailAndIp.consume(byEmailAndIp),
        ctx.rateLimits.loginByEmail.consume(who),
      ]);
      if (fromKnown.status === 'rejected') throw fromKnown.reason;
      const fromKnownAddress = fromKnown.value === 1;
      // Counted in order, as if one after the other: a limit after the first refusal gets its
      // point back (a refused guess does not count further), and so does the e-mail-wide ceiling
      // from a known address, where it does not apply. A refused consume took its point too.
      const limits = [
        { limiter: ctx.rateLimits.loginByIp, key: ctx.ip, result: byIp },
        { limiter: ctx.rateLimits.loginByEmailAndIp, key: byEmailAndIp, result: byEmailIp },
        { limiter: ctx.rateLimits.loginByEmail, key: who, result: byEmail, skip: fromKnownAddress },
      ];
      for (const { result } of limits) if (result.status === 'rejected' && !(result.reason instanceof RateLimiterRes)) throw result.reason;
      const refused = limits.findIndex((l) => !l.skip && l.result.status === 'rejected');
      const giveBack = limits.filter((l, i) => l.skip || (refused >= 0 && i > refused));
      const refund = Promise.all(giveBack.map((l) => l.limiter.reward(l.key, 1))).then(() => undefined);
      if (refused >= 0) {
        await refund;
        rateLimitedBy((limits[refused]!.result as PromiseRejectedResult).reason);
      }
      return { refund };
    },
    // The holder got in from here: this address starts afresh and is known from now on. The
    // e-mail-wide count is left as it is, or a guesser who also holds the password could wipe it.
    succeeded: async <T>(alongside: Promise<T>): Promise<T> => {
      const [, , result] = await Promise.all([
        ctx.rateLimits.loginByEmailAndIp.delete(byEmailAndIp),
        ctx.redis.set(known, '1', 'EX', KNOWN_ADDRESS_SECONDS),
        alongside,
      ]);
      return result;
    },
  };
}

/**
 * Sign up, or sign in when the e-mail already has an account and the password is its own.
 * Without e-mail confirmation (not built yet) no registration can hide whether an address is
 * free: `register` then `login` with the same password always tells. So `register` answers
 * exactly what that pair would, and nothing more — a session when the address was free or the
 * password is the holder's, else the refusal `registration_refused`, never "e-mail taken" — in the
 * same time (one argon2 hash and one argon2 verification on every path), and it is counted by the
 * registration limit and by the login limits alike (see docs/threat-model.md).
 */
export async function register(ctx: Context, input: RegisterArgs) {
  const attempt = loginAttempt(ctx, input.email);
  await consume([ctx.rateLimits.registerByIp, ctx.ip]);
  await (await attempt.consume()).refund;
  const [localPart = '', domain = ''] = input.email.split('@');
  const problem = passwordProblem(input.password, [input.email, localPart, domain, 'consilium']);
  const problems = [
    ...(problem ? [badInput('password', problem, PASSWORD_MESSAGES[problem])] : []),
    ...(input.role === 'CLIENT' && !input.organizationName
      ? [badInput('organizationName', 'organization_required', 'organizationName is required for a client account.')]
      : []),
  ];
  if (problems.length > 0) throw badInputs(problems);
  const passwordHash = await hashPassword(input.password);
  const existing = await ctx.db.account.findUnique({ where: { email: input.email }, select: { id: true, passwordHash: true } });
  const accountId = existing
    ? (await verifyPassword(existing.passwordHash, input.password)) ? existing.id : null
    : (await burnVerification(input.password), await createAccount(ctx, input, passwordHash));
  if (!accountId) throw registrationRefused();
  if (!existing) sendConfirmation(ctx, accountId, input.email);
  // Signing an existing account in: only if the hash verified is still its own (as login).
  const session = await attempt
    .succeeded(createSession(ctx.db, accountId, ctx.env.SESSION_TTL_HOURS, deviceLabel(ctx.userAgent), false, [], 'durable', existing?.passwordHash ?? null))
    .catch((err: unknown) => {
      if (isRefusal(err, PASSWORD_CHANGED)) throw registrationRefused();
      throw err;
    });
  ctx.log.info({ accountId, role: input.role }, existing ? 'registration signed in an existing account' : 'account registered');
  return { ...session, accountId };
}

const registrationRefused = () =>
  unauthenticated('No account can be created with this e-mail address and this password. If you already have an account, log in.', 'registration_refused');

/** The new account's id; null when a concurrent registration took the e-mail first. */
async function createAccount(ctx: Context, input: RegisterArgs, passwordHash: string): Promise<string | null> {
  try {
    const account = await ctx.db.$transaction(async (tx) => {
      const organization =
        input.role === 'CLIENT' ? await tx.organization.create({ data: { name: input.organizationName!, type: input.organizationType ?? 'OTHER' } }) : null;
      return tx.account.create({
        // The registration's language becomes the account's: mails sent outside a request (the
        // worker's, the CLI's) have no Accept-Language to read.
        data: { email: input.email, passwordHash, role: input.role, organizationId: organization?.id ?? null, emailConfirmed: false, language: ctx.locale },
        select: { id: true },
      });
    });
    return account.id;
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/**
 * The account a login names, with whether it has a confirmed TOTP factor: one statement, read
 * while the limits are counted (the factor was a read of its own after the password's check).
 */
async function accountForLogin(db: Context['db'], email: string) {
  const [account] = await queryRows<{ id: string; passwordHash: string; role: 'PHYSICIAN' | 'CLIENT' | 'ADMIN'; language: string; withFactor: boolean }>(db, accountForLoginStatement(email), { prepared: true });
  return account ?? null;
}

/** `accountForLogin`'s statement (bench:login's hand-written peer runs the same text). */
export function accountForLoginStatement(email: string): Prisma.Sql {
  return Prisma.sql`
    SELECT a.id::text AS id, a.password_hash AS "passwordHash", a.role::text AS role, a.language::text AS language,
           EXISTS (SELECT 1 FROM totp_factor t WHERE t.account_id = a.id AND t.confirmed) AS "withFactor"
    FROM account a WHERE a.email = ${email}`;
}

/**
 * Same answer, in about the same time, whether the e-mail exists or not: an unknown
 * e-mail still pays for one argon2 verification. The account is read while the limits are
 * counted (a read; nothing is verified before every limit has answered).
 *
 * An account with a second factor needs its code too (`secondFactor`: a TOTP or a recovery
 * code); without it, or with a wrong one, the attempt fails as a wrong password does — it keeps
 * its point in the login limits. A sign-in with a factor is itself a fresh re-authentication,
 * so the new session starts stepped up (see docs/second-factors.md).
 */
export async function login(ctx: Context, email: string, password: string, secondFactor?: string | null) {
  const attempt = loginAttempt(ctx, email);
  const [limits, found] = await Promise.allSettled([
    attempt.consume(),
    accountForLogin(ctx.db, email),
  ]);
  if (limits.status === 'rejected') throw limits.reason;
  if (found.status === 'rejected') throw found.reason;
  const account = found.value;
  // The attempt is counted beside the verification (audit: failed sign-ins are counted per
  // account and day), so that a known address answers no slower than an unknown one.
  const verified = Promise.all([
    account ? verifyPassword(account.passwordHash, password) : burnVerification(password).then(() => false),
    limits.value.refund,
    account ? countSignInAttempt(ctx.db, account.id) : null,
  ]);
  // Parsed while argon2 runs on the thread pool (the user agent's parse costs a few tenths of a
  // millisecond), not between the verification and the answer.
  const device = deviceLabel(ctx.userAgent);
  const [ok] = await verified;
  if (!account || !ok) {
    throw unauthenticated('The e-mail or the password is wrong.', 'invalid_credentials');
  }
  const { withFactor } = account;
  if (withFactor) {
    if (!secondFactor) throw secondFactorRequired('missing');
    const used = await useSecondFactor(ctx, account.id, secondFactor);
    if (!used) throw secondFactorRequired('invalid');
  }
  // What a sign-in writes after the verification is one statement: the session, the tally's
  // success, a staff member's or client's audit entry, the language they sign in with (the last
  // one chosen becomes their mails', the worker's too). A physician's writes nothing a crash must
  // keep — a lost session means signing in again — so its commit does not wait for the WAL flush;
  // an audit entry does (docs/threat-model.md, "Sessions").
  const writes = [
    signInSuccessTally(account.id),
    signInEntry(account),
    account.language === ctx.locale ? null : Prisma.sql`UPDATE account SET language = ${ctx.locale}::"Language" WHERE id = ${account.id}::uuid`,
  ].filter((write): write is Prisma.Sql => write !== null);
  // Opened only if the verified hash is still the account's: a reset committed meanwhile refuses it.
  const session = await attempt.succeeded(
    createSession(ctx.db, account.id, ctx.env.SESSION_TTL_HOURS, device, withFactor, writes, account.role === 'PHYSICIAN' ? 'async' : 'durable', account.passwordHash),
  ).catch((err: unknown) => {
    if (isRefusal(err, PASSWORD_CHANGED)) throw unauthenticated('The e-mail or the password is wrong.', 'invalid_credentials');
    throw err;
  });
  if (withFactor) await markSteppedUp(ctx, session.sessionId);
  ctx.log.info({ accountId: account.id, secondFactor: withFactor }, 'logged in');
  return { ...session, accountId: account.id };
}
