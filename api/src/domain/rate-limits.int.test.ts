import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';

const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const REGISTER = 'mutation ($i: RegisterInput!) { register(input: $i) { token } }';

// RATE_LIMIT_SCALE 0.2: 2 login attempts per account, 6 per IP, 2 registrations per IP.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '0.2' });
});
afterAll(() => t.close());

describe('rate limits', () => {
  it('limits login attempts per account, from any address, with RATE_LIMITED and HTTP 429', async () => {
    await t.make.physician('target@example.org');
    for (const ip of ['198.51.100.1', '198.51.100.2']) {
      const res = await t.gql(LOGIN, { e: 'target@example.org', p: 'wrong-guess-000000' }, { ip });
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const limited = await t.gql(LOGIN, { e: 'target@example.org', p: TEST_PASSWORD }, { ip: '198.51.100.3' });
    expect(limited.status).toBe(429);
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.data).toBeNull();
  });

  it('limits login attempts per address, across accounts', async () => {
    const ip = '198.51.100.50';
    const results = [];
    for (let i = 0; i < 7; i++) {
      results.push(await t.gql(LOGIN, { e: `spray-${i}@example.org`, p: 'wrong-guess-000000' }, { ip }));
    }
    expect(results.slice(0, 6).every((r) => r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    expect(results[6]!.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const elsewhere = await t.gql(LOGIN, { e: 'spray-0@example.org', p: 'wrong-guess-000000' }, { ip: '198.51.100.51' });
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('limits registrations per address, and a limited registration writes nothing', async () => {
    const ip = '198.51.100.80';
    const input = (n: number) => ({ i: { email: `reg-${n}@example.org`, password: 'glacier-violet-teapot-1987', role: 'PHYSICIAN' } });
    expect((await t.gql(REGISTER, input(1), { ip })).errors).toBeUndefined();
    expect((await t.gql(REGISTER, input(2), { ip })).errors).toBeUndefined();
    const limited = await t.gql(REGISTER, input(3), { ip });
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(await t.db.account.count({ where: { email: 'reg-3@example.org' } })).toBe(0);
  });
});
