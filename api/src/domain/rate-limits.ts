/**
 * Login, registration, credential, answer and discussion limits, counted in Redis so that every
 * API process shares them. Every limit is multiplied by RATE_LIMIT_SCALE. A key that would name
 * a person or a token (an e-mail address, a token's message) is keyed-hashed with
 * RATE_LIMIT_KEY_SECRET first (`limitKey`): whoever reads Redis does not learn who tried to log in.
 */
import { createHmac } from 'node:crypto';
import type { RedisClient } from '@consilium/jobs/redis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../errors.ts';
import { unavailableError } from '../http/unavailable.ts';

export interface RateLimits {
  loginByIp: RateLimiterRedis;
  /** Keyed by `limitKey(e-mail)` and the address. */
  loginByEmailAndIp: RateLimiterRedis;
  /** Keyed by `limitKey(e-mail)`: a ceiling above the per-address one (see below). */
  loginByEmail: RateLimiterRedis;
  registerByIp: RateLimiterRedis;
  credentialsByAccount: RateLimiterRedis;
  credentialsByIp: RateLimiterRedis;
  /** Answers, per token (keyed by `limitKey(message)`), checked once the token is known valid and unspent. */
  answersPerToken: RateLimiterRedis;
  /** Answers per survey per second, whoever sends them: the relay hides addresses. */
  answersPerSurvey: RateLimiterRedis;
  /** Discussion writes, counted per pseudonym. */
  threads: RateLimiterRedis;
  replies: RateLimiterRedis;
  votes: RateLimiterRedis;
  reports: RateLimiterRedis;
  uploads: RateLimiterRedis;
  /** Private messages sent, and conversations started, per pseudonym. */
  messages: RateLimiterRedis;
  conversations: RateLimiterRedis;
  /** Password reset requests, per address and per e-mail (keyed by `limitKey(e-mail)`), known or not. */
  resetByIp: RateLimiterRedis;
  resetByEmail: RateLimiterRedis;
  /** Mails an account asks for itself (confirmation resent, change of address), per account. */
  mailByAccount: RateLimiterRedis;
  /** Passkey sign-in challenges handed out, per address: each is kept in Redis for a few minutes. */
  passkeyChallengeByIp: RateLimiterRedis;
  /** Passkey step-ups tried, per account. */
  passkeyStepUpByAccount: RateLimiterRedis;
  /** `surveyReach`, per client account: each answer is a count, and counts can be differenced. */
  reach: RateLimiterRedis;
  /** Requests made with a personal access token, per token (docs/access-tokens.md). */
  accessTokenRequests: RateLimiterRedis;
}

const MINUTE = 60;

/**
 * What a limit does while Redis cannot be reached (docs/operations.md, "Faults"). `refuse`: the
 * request is answered 503 SERVICE_UNAVAILABLE — for the limits that are the only defence against
 * guessing (passwords, factors), against mail sent to people (registration, resets), or against
 * differencing (reach counts). `allow`: the request goes on uncounted — for the limits whose
 * guarantee PostgreSQL holds anyway (a token is spent once, in the answer's own statement) or
 * whose harm is bounded by the outage and undone by moderation (discussion writes, uploads).
 */
type WhenRedisIsDown = 'refuse' | 'allow';

export interface RateLimitHooks {
  /** Each refusal, with the limiter's name (the metrics count them); never the key. */
  onRefused?: (limiter: string) => void;
  /** Each request that met Redis down, with the limiter's name and what was done. */
  onRedisDown?: (limiter: string, action: WhenRedisIsDown) => void;
}

export function createRateLimits(redis: RedisClient, prefix: string, scale: number, hooks: RateLimitHooks = {}): RateLimits {
  const { onRefused = () => {}, onRedisDown = () => {} } = hooks;
  const limiter = (name: string, points: number, duration: number, whenRedisIsDown: WhenRedisIsDown = 'refuse') => {
    const made = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:rl:${name}`,
      points: Math.max(1, Math.round(points * scale)),
      duration,
    });
    const redisDown = (): RateLimiterRes => {
      onRedisDown(name, whenRedisIsDown);
      if (whenRedisIsDown === 'refuse') throw unavailableError('redis_unreachable');
      return new RateLimiterRes(made.points, 0, 0, false);
    };
    const consume = made.consume.bind(made);
    made.consume = async (...args) => {
      // Redis lost: decide at once rather than wait for the client's reconnection attempts.
      if (redisLost(redis)) return redisDown();
      try {
        return await consume(...args);
      } catch (err) {
        if (err instanceof RateLimiterRes) {
          onRefused(name);
          throw err;
        }
        return redisDown();
      }
    };
    // Giving a point back (or forgetting a count) with Redis down changes nothing worth a failure.
    for (const method of ['reward', 'delete'] as const) {
      const original = made[method].bind(made) as (...args: unknown[]) => Promise<unknown>;
      (made as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => original(...args).catch((err: unknown) => (err instanceof RateLimiterRes ? Promise.reject(err) : null));
    }
    return made;
  };
  return {
    // An office or hospital shares one address: the per-IP limit is generous. Guessing one
    // physician's password is stopped per e-mail and address; the e-mail-only ceiling, ten times
    // higher, stops a guess spread over many addresses without letting anyone who knows an
    // e-mail lock its holder out with a handful of tries (it takes a botnet's worth, and the
    // holder's own address keeps its separate per-address count).
    loginByIp: limiter('login-ip', 30, 15 * MINUTE),
    loginByEmailAndIp: limiter('login-email-ip', 10, 15 * MINUTE),
    loginByEmail: limiter('login-email', 100, 15 * MINUTE),
    registerByIp: limiter('register-ip', 10, 60 * MINUTE),
    // A credential is submitted once (again only after a rejection): a few a day is plenty.
    credentialsByAccount: limiter('credential-account', 5, 24 * 60 * MINUTE),
    credentialsByIp: limiter('credential-ip', 20, 60 * MINUTE),
    answersPerToken: limiter('answer-token', 5, 10 * MINUTE, 'allow'),
    // Far above any real survey's pace (a panel of thousands answering in the same second), and
    // only valid, unspent tokens count: junk never reaches it. See docs/threat-model.md.
    answersPerSurvey: limiter('answer-survey', 50, 1, 'allow'),
    // Generous for a person, tight for a script: a flood is stopped within minutes.
    threads: limiter('threads', 5, 10 * MINUTE, 'allow'),
    replies: limiter('replies', 30, 10 * MINUTE, 'allow'),
    votes: limiter('votes', 120, 10 * MINUTE, 'allow'),
    reports: limiter('reports', 20, 60 * MINUTE, 'allow'),
    uploads: limiter('uploads', 30, 60 * MINUTE, 'allow'),
    // A chat is quicker than a thread's replies, but a pseudonym opening dozens of conversations
    // a day is canvassing strangers: the day's ceiling stops that, not a conversation.
    messages: limiter('messages', 60, 10 * MINUTE, 'allow'),
    conversations: limiter('conversations', 20, 24 * 60 * MINUTE, 'allow'),
    // A person asks for a reset link once or twice; each mail lands in someone's inbox, so an
    // address gets few whoever asks, and one network address cannot mail a whole list.
    resetByIp: limiter('reset-ip', 10, 60 * MINUTE),
    resetByEmail: limiter('reset-email', 3, 60 * MINUTE),
    mailByAccount: limiter('mail-account', 5, 60 * MINUTE),
    // A passkey sign-in asks for one challenge and is then counted by the login limit per address;
    // the challenge limit only keeps one address from filling Redis with unused ones.
    passkeyChallengeByIp: limiter('passkey-challenge-ip', 60, 15 * MINUTE),
    passkeyStepUpByAccount: limiter('passkey-step-up', 10, 15 * MINUTE),
    // The survey builder asks once per change of the targeting: enough for authoring several
    // surveys in an hour, not for walking the registry by nested targetings.
    reach: limiter('reach', 120, 60 * MINUTE),
    // A script reading reports needs a few calls a minute; a loop gone wrong is stopped. Only
    // reads are open to a token, and the database bears them anyway: uncounted while Redis is down.
    accessTokenRequests: limiter('access-token', 120, MINUTE, 'allow'),
  };
}

/** The Redis key part for a value that must not be stored in clear: HMAC-SHA256 under the secret. */
export function limitKey(secret: string, purpose: string, value: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000`).update(value).digest('base64url');
}

/**
 * Whether the client lost its connection (it is reconnecting, or gave up) — not merely still
 * connecting at start-up, when commands wait in its queue.
 */
export function redisLost(redis: RedisClient): boolean {
  return redis.status === 'reconnecting' || redis.status === 'close' || redis.status === 'end';
}

/** Takes one point from each limiter; the first one exhausted becomes a RATE_LIMITED error. */
export async function consume(...attempts: Array<[RateLimiterRedis, string]>): Promise<void> {
  for (const [limiter, key] of attempts) {
    try {
      await limiter.consume(key);
    } catch (err) {
      rateLimitedBy(err);
    }
  }
}

/** A limiter's refusal as the RATE_LIMITED error; any other failure as it is. */
export function rateLimitedBy(err: unknown): never {
  if (err instanceof RateLimiterRes) throw rateLimited(err.msBeforeNext / 1000);
  throw err;
}
