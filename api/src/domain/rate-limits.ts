/**
 * Login, registration and discussion limits, counted in Redis so that every API process shares them.
 * Every limit is multiplied by RATE_LIMIT_SCALE.
 */
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../errors.ts';

export interface RateLimits {
  loginByIp: RateLimiterRedis;
  loginByAccount: RateLimiterRedis;
  registerByIp: RateLimiterRedis;
  /** Discussion writes, counted per pseudonym. */
  threads: RateLimiterRedis;
  replies: RateLimiterRedis;
  votes: RateLimiterRedis;
  reports: RateLimiterRedis;
  uploads: RateLimiterRedis;
  /** `surveyReach`, per client account: each answer is a count, and counts can be differenced. */
  reach: RateLimiterRedis;
}

const MINUTE = 60;

export function createRateLimits(redis: Redis, prefix: string, scale: number): RateLimits {
  const limiter = (name: string, points: number, duration: number) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:rl:${name}`,
      points: Math.max(1, Math.round(points * scale)),
      duration,
    });
  return {
    // An office or hospital shares one address: the per-IP limit is generous, the
    // per-account one is what stops guessing one physician's password.
    loginByIp: limiter('login-ip', 30, 15 * MINUTE),
    loginByAccount: limiter('login-account', 10, 15 * MINUTE),
    registerByIp: limiter('register-ip', 10, 60 * MINUTE),
    // Generous for a person, tight for a script: a flood is stopped within minutes.
    threads: limiter('threads', 5, 10 * MINUTE),
    replies: limiter('replies', 30, 10 * MINUTE),
    votes: limiter('votes', 120, 10 * MINUTE),
    reports: limiter('reports', 20, 60 * MINUTE),
    uploads: limiter('uploads', 30, 60 * MINUTE),
    // The survey builder asks once per change of the targeting: enough for authoring several
    // surveys in an hour, not for walking the registry by nested targetings.
    reach: limiter('reach', 120, 60 * MINUTE),
  };
}

/** Takes one point from each limiter; the first one exhausted becomes a RATE_LIMITED error. */
export async function consume(...attempts: Array<[RateLimiterRedis, string]>): Promise<void> {
  for (const [limiter, key] of attempts) {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw rateLimited(err.msBeforeNext / 1000);
      throw err;
    }
  }
}
