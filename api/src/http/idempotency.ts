/**
 * Idempotent GraphQL requests. A client that sends `Idempotency-Key` (the web sends one per form
 * it renders) gets, for a repeat of the same request with the same key within the window (a
 * double click, a retry after a lost answer), the first answer again, marked
 * `Idempotent-Replayed: true`, and nothing is done twice. A repeat that arrives while the first is
 * still running waits for it (up to `waitMs`, then 409 CONFLICT); the same key with another
 * request is refused (BAD_USER_INPUT). Only a success is kept: a refused request wrote nothing, so
 * the form may be corrected and sent again under the same key.
 *
 * Why Redis and not a table: a record naming the caller beside the post it created would tie an
 * account to a pseudonym. So the record lives in Redis only, for the window, under
 * HMAC(RATE_LIMIT_KEY_SECRET, bearer token ‖ key), and the answer in it is sealed (AES-256-GCM)
 * under a key derived the same way. The raw token is never stored (the database keeps only its
 * SHA-256), so whoever holds Redis, the database and the secret can neither tell whose record it
 * is nor read it. An anonymous operation (an answer) is keyed by the key alone: its session is
 * never read, as `ANONYMOUS_OPERATION` in app.ts wants.
 *
 * Requests without the header cost one header lookup: no Redis round trip.
 *
 * Redis down: the request runs unrecorded (fails open, docs/operations.md "Faults"). Refusing
 * every form while Redis is away would stop all writes; what is lost is the replay of a repeat
 * during the outage — a repeated answer is still refused by its spent token, a repeated post may
 * be written twice. A record that cannot be written after the request ran never fails its answer.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Plugin } from 'graphql-yoga';
import type { RedisClient } from '@consilium/jobs/redis';
import { redisLost } from '../domain/rate-limits.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_FORMAT = /^[A-Za-z0-9_.:-]{16,128}$/;

export interface IdempotencyOptions {
  redis: RedisClient;
  prefix: string;
  secret: string;
  /** How long a success is replayed. */
  windowSeconds: number;
  /** Whether a request body is an operation served without its session. */
  isAnonymous: (body: string) => boolean;
  /** How long a repeat waits for the first request before 409. */
  waitMs?: number;
  /** How long a claim lasts if its process dies before answering. */
  claimMs?: number;
  /** Told when a request runs unrecorded because Redis cannot be reached. */
  onRedisDown?: () => void;
}

interface Kept {
  /** "pending" while the first request runs, then "done" with its sealed answer. */
  state: 'pending' | 'done';
  /** MAC of the request body under the record's own key: tells a different request apart, reveals nothing. */
  fingerprint: string;
  claim?: string;
  status?: number;
  contentType?: string;
  sealed?: string;
}

// Deletes or replaces the record only while it is still this request's claim.
const IF_CLAIMED = `if redis.call('get', KEYS[1]) == ARGV[1] then
  if ARGV[2] == '' then return redis.call('del', KEYS[1]) end
  return redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
return 0`;

function problem(status: number, message: string, extensions: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions }] }), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

const badKey = (reason: string, message: string) => problem(400, message, { code: 'BAD_USER_INPUT', field: 'idempotencyKey', reason });

function seal(key: Buffer, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function unseal(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** A GraphQL answer worth replaying: data and no error. */
function succeeded(status: number, text: string): boolean {
  if (status !== 200) return false;
  try {
    const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
    return body.data != null && !(body.errors?.length);
  } catch {
    return false;
  }
}

/** The yoga plugin; see the file's comment. */
export function idempotencyPlugin(options: IdempotencyOptions): Plugin {
  const { redis, prefix, secret, windowSeconds, isAnonymous, waitMs = 10_000, claimMs = 60_000, onRedisDown = () => {} } = options;
  const unrecorded = (execute: () => Promise<Response>) => (onRedisDown(), execute());
  const derive = (label: string, caller: string, key: string) => createHmac('sha256', secret).update(`${label}\0${caller}\0${key}`).digest();

  async function serve(request: Request, key: string, execute: () => Promise<Response>): Promise<Response> {
    if (!KEY_FORMAT.test(key)) return badKey('invalid', 'Idempotency-Key must be 16 to 128 letters, digits or -_.: characters.');
    const body = await request.clone().text();
    const caller = isAnonymous(body) ? '' : (/^Bearer (\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? '');
    const recordKey = `${prefix}:idempotency:${derive('idempotency/record', caller, key).toString('base64url')}`;
    const sealKey = derive('idempotency/seal', caller, key);
    const fingerprint = createHmac('sha256', sealKey).update(body).digest('base64url');
    const deadline = Date.now() + waitMs;
    if (redisLost(redis)) return unrecorded(execute);

    for (;;) {
      const claim = randomBytes(12).toString('base64url');
      const pending = JSON.stringify({ state: 'pending', fingerprint, claim } satisfies Kept);
      let claimed: string | null;
      let raw: string | null = null;
      try {
        claimed = await redis.set(recordKey, pending, 'PX', claimMs, 'NX');
        if (claimed !== 'OK') raw = await redis.get(recordKey);
      } catch {
        return unrecorded(execute);
      }
      if (claimed === 'OK') return runClaimed(recordKey, pending, sealKey, fingerprint, execute);
      if (raw === null) continue; // the first one failed and let go: this one may run
      const kept = JSON.parse(raw) as Kept;
      if (kept.fingerprint !== fingerprint) {
        return badKey('idempotency_key_reused', 'This Idempotency-Key was already used for a different request.');
      }
      if (kept.state === 'done') {
        return new Response(unseal(sealKey, kept.sealed!), {
          status: kept.status,
          headers: { 'content-type': kept.contentType!, 'idempotent-replayed': 'true' },
        });
      }
      if (Date.now() >= deadline) {
        return problem(409, 'A request with this Idempotency-Key is still being processed; try again shortly.', { code: 'CONFLICT', reason: 'idempotency_in_progress' });
      }
      await sleep(50);
    }
  }

  async function runClaimed(recordKey: string, pending: string, sealKey: Buffer, fingerprint: string, execute: () => Promise<Response>): Promise<Response> {
    let response: Response;
    try {
      response = await execute();
    } catch (err) {
      await redis.eval(IF_CLAIMED, 1, recordKey, pending, '', '0').catch(() => {});
      throw err;
    }
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? 'application/json';
    const done: Kept | null = succeeded(response.status, text)
      ? { state: 'done', fingerprint, status: response.status, contentType, sealed: seal(sealKey, text) }
      : null;
    // The request ran: its answer goes back even if Redis went away meanwhile (the claim then expires).
    await redis.eval(IF_CLAIMED, 1, recordKey, pending, done ? JSON.stringify(done) : '', String(windowSeconds)).catch(() => {});
    return new Response(text, { status: response.status, headers: response.headers });
  }

  return {
    onRequest({ request, requestHandler, setRequestHandler }) {
      const key = request.headers.get(IDEMPOTENCY_HEADER);
      if (key === null) return;
      setRequestHandler((req, context) => serve(req, key, async () => requestHandler(req, context)));
    },
  };
}
