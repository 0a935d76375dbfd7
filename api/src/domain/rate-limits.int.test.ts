import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';

const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const REGISTER = 'mutation ($i: RegisterInput!) { register(input: $i) { token } }';

// RATE_LIMIT_SCALE 0.2: 2 login attempts per e-mail and address, 20 per e-mail, 6 per address,
// 2 registrations per address.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '0.2' });
});
afterAll(() => t.close());

describe('rate limits', () => {
  it('limits login attempts per e-mail and address, with RATE_LIMITED and HTTP 429, without locking the holder out elsewhere', async () => {
    await t.make.physician('target@example.org');
    const attacker = '198.51.100.1';
    for (let i = 0; i < 2; i++) {
      const res = await t.gql(LOGIN, { e: 'target@example.org', p: 'wrong-guess-000000' }, { ip: attacker });
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const limited = await t.gql(LOGIN, { e: 'target@example.org', p: TEST_PASSWORD }, { ip: attacker });
    expect(limited.status).toBe(429);
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.data).toBeNull();
    // The physician, from their own address, is not locked out by someone else's guesses.
    const holder = await t.gql(LOGIN, { e: 'target@example.org', p: TEST_PASSWORD }, { ip: '198.51.100.200' });
    expect(holder.errors).toBeUndefined();
  });

  it('stops a guess spread over many addresses at the higher per-e-mail ceiling, except from the holder\'s known address', async () => {
    await t.make.physician('spread@example.org');
    const home = '198.51.100.123';
    expect((await t.gql(LOGIN, { e: 'spread@example.org', p: TEST_PASSWORD }, { ip: home })).errors).toBeUndefined();
    // The holder's own login took one of the 20 points.
    const codes = [];
    for (let i = 0; i < 20; i++) {
      const res = await t.gql(LOGIN, { e: 'spread@example.org', p: 'wrong-guess-000000' }, { ip: `198.18.0.${i + 1}` });
      codes.push(res.errors?.[0]?.extensions?.code);
    }
    expect(codes.slice(0, 19).every((code) => code === 'UNAUTHENTICATED')).toBe(true);
    expect(codes[19]).toBe('RATE_LIMITED');
    expect((await t.gql(LOGIN, { e: 'spread@example.org', p: TEST_PASSWORD }, { ip: '198.18.1.1' })).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Where the physician has logged in before, the e-mail-wide ceiling does not apply.
    expect((await t.gql(LOGIN, { e: 'spread@example.org', p: TEST_PASSWORD }, { ip: home })).errors).toBeUndefined();
  });

  it('counts a guess refused by one limit in none after it: guesses refused from one address do not use up the e-mail-wide ceiling', async () => {
    await t.make.physician('one-place@example.org');
    const attacker = '198.51.100.66';
    const fromAttacker = [];
    for (let i = 0; i < 10; i++) {
      fromAttacker.push((await t.gql(LOGIN, { e: 'one-place@example.org', p: 'wrong-guess-000000' }, { ip: attacker })).errors?.[0]?.extensions?.code);
    }
    expect(fromAttacker).toEqual([...Array(2).fill('UNAUTHENTICATED'), ...Array(8).fill('RATE_LIMITED')]);
    // Only the two guesses that got through count: 18 more from elsewhere reach the ceiling of 20.
    const elsewhere = [];
    for (let i = 0; i < 19; i++) {
      elsewhere.push((await t.gql(LOGIN, { e: 'one-place@example.org', p: 'wrong-guess-000000' }, { ip: `198.18.2.${i + 1}` })).errors?.[0]?.extensions?.code);
    }
    expect(elsewhere).toEqual([...Array(18).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
  });

  it('keeps no e-mail address in Redis: the keys hold a keyed hash of it', async () => {
    await t.gql(LOGIN, { e: 'who.tried@example.org', p: 'wrong-guess-000000' }, { ip: '198.51.100.99' });
    const keys = await t.redis.keys(`${t.env.REDIS_PREFIX}:*`);
    expect(keys.some((key) => key.includes(':rl:login-email'))).toBe(true);
    expect(keys.filter((key) => /@|who\.tried|example/.test(key))).toEqual([]);
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
