/** The HTTP boundary: body limits, query limits, masking of unexpected errors, client address. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedTestApp, type ServedTestApp } from './test/harness.ts';

let t: ServedTestApp;

beforeAll(async () => {
  t = await servedTestApp({ RATE_LIMIT_SCALE: '0.2', GRAPHQL_MAX_DEPTH: '2' });
});
afterAll(() => t.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('HTTP boundary', () => {
  it('answers a GraphQL request over HTTP', async () => {
    const res = await post(JSON.stringify({ query: '{ me { id } }' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { me: null } });
  });

  it('refuses a body over 1 MB with 413 and writes nothing', async () => {
    const before = await t.db.account.count();
    const huge = JSON.stringify({
      query: 'mutation ($i: RegisterInput!) { register(input: $i) { token } }',
      variables: { i: { email: 'big@example.org', password: 'glacier-violet-teapot-1987', role: 'PHYSICIAN', organizationName: 'x'.repeat(1_100_000) } },
    });
    const res = await post(huge);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await t.db.account.count()).toBe(before);
  });

  it('refuses a chunked body over 1 MB (no content-length) with 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(100_000));
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 12; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('refuses a query nested too deep, and one with too many aliases', async () => {
    const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const res = await post(JSON.stringify({ query: aliases }));
    const body = (await res.json()) as { errors?: Array<{ message: string }> };
    expect(body.errors?.[0]?.message).toMatch(/alias/i);

    // GRAPHQL_MAX_DEPTH is 2 in this file: me { organization { id } } is one level too deep.
    const deepRes = (await (await post(JSON.stringify({ query: '{ me { organization { id } } }' }))).json()) as { errors?: Array<{ message: string }> };
    expect(deepRes.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('masks unexpected errors: no stack trace, no SQL, the error is logged', async () => {
    const res = await post('{"query": "{ me { id } }"}', { authorization: `Bearer ${'z'.repeat(100)}` });
    expect(res.status).toBe(200);
    // A broken database is the usual unexpected error: drop the table under a live app.
    await t.db.$executeRawUnsafe('ALTER TABLE "session" RENAME TO "session_gone"');
    try {
      const broken = await post('{"query": "{ me { id } }"}', { authorization: 'Bearer some-token-value' });
      const text = await broken.text();
      expect(text).toContain('Unexpected error.');
      expect(text).not.toMatch(/session_gone|relation|SELECT|at .*\.ts|stack/i);
      expect(t.logLines.some((line) => line.includes('unexpected error'))).toBe(true);
    } finally {
      await t.db.$executeRawUnsafe('ALTER TABLE "session_gone" RENAME TO "session"');
    }
  });

  it('believes X-Forwarded-For only from a trusted proxy (the web server on loopback)', async () => {
    const LOGIN = JSON.stringify({ query: 'mutation { login(email: "fwd@example.org", password: "wrong-guess-000000") { token } }' });
    // The per-IP limit is 6 here: six calls "from" distinct forwarded addresses never hit it.
    for (let i = 0; i < 8; i++) {
      const res = await post(LOGIN, { 'x-forwarded-for': `203.0.113.${i}` });
      const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
      // The per-account limit (2) is what stops these, not the per-IP one.
      expect(['UNAUTHENTICATED', 'RATE_LIMITED']).toContain(body.errors[0]!.extensions.code);
    }
    expect(await t.redis.exists(`${t.env.REDIS_PREFIX}:rl:login-ip:203.0.113.7`)).toBe(1);
    expect(await t.redis.exists(`${t.env.REDIS_PREFIX}:rl:login-ip:127.0.0.1`)).toBe(0);
  });

  it('reports health', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(await res.json()).toEqual({ ok: true });
  });
});
