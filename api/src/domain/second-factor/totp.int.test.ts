/** TOTP codes against fixed clocks (RFC 6238 steps of 30 s), replay, and sealing at rest. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { checkTotp, codeAt, newSecret, sealSecret, unsealSecret } from './totp.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

// 2026-12-05T12:00:15Z: in the middle of a step.
const NOW = Date.UTC(2026, 11, 5, 12, 0, 15);
const STEP = 30_000;

describe('TOTP codes on a fixed clock', () => {
  it('takes the code of the current step, and of the step either side, each once', async () => {
    const secret = newSecret();
    const account = randomUUID();
    expect(await checkTotp(t, account, secret, codeAt(secret, NOW), NOW)).toBe(true);
    expect(await checkTotp(t, account, secret, codeAt(secret, NOW - STEP), NOW)).toBe(true);
    expect(await checkTotp(t, account, secret, codeAt(secret, NOW + STEP), NOW)).toBe(true);
  });

  it('refuses a code two steps away, a wrong code, and what is not six digits', async () => {
    const secret = newSecret();
    const account = randomUUID();
    expect(await checkTotp(t, account, secret, codeAt(secret, NOW - 2 * STEP), NOW)).toBe(false);
    expect(await checkTotp(t, account, secret, codeAt(secret, NOW + 2 * STEP), NOW)).toBe(false);
    const right = codeAt(secret, NOW);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(await checkTotp(t, account, secret, wrong, NOW)).toBe(false);
    expect(await checkTotp(t, account, secret, 'abcdef', NOW)).toBe(false);
    expect(await checkTotp(t, account, secret, `${right}0`, NOW)).toBe(false);
  });

  it('refuses a code replayed in its step, even a few seconds later', async () => {
    const secret = newSecret();
    const account = randomUUID();
    const code = codeAt(secret, NOW);
    expect(await checkTotp(t, account, secret, code, NOW)).toBe(true);
    expect(await checkTotp(t, account, secret, code, NOW)).toBe(false);
    expect(await checkTotp(t, account, secret, code, NOW + 10_000)).toBe(false);
    // Next step (the old code is still in the window as the previous step): still refused.
    expect(await checkTotp(t, account, secret, code, NOW + STEP)).toBe(false);
    // Another account's use of the same step does not block this one.
    const other = randomUUID();
    const otherSecret = newSecret();
    expect(await checkTotp(t, other, otherSecret, codeAt(otherSecret, NOW), NOW)).toBe(true);
  });

  it('accepts spaces inside a typed code', async () => {
    const secret = newSecret();
    const code = codeAt(secret, NOW);
    expect(await checkTotp(t, randomUUID(), secret, `${code.slice(0, 3)} ${code.slice(3)}`, NOW)).toBe(true);
  });
});

describe('sealed secrets', () => {
  it('open only under the same key and for the same account', () => {
    const secret = newSecret();
    const account = randomUUID();
    const sealed = sealSecret(t.env.FACTOR_KEY_SECRET, account, secret);
    expect(Buffer.from(sealed).toString('latin1')).not.toContain(secret);
    expect(unsealSecret(t.env.FACTOR_KEY_SECRET, account, sealed)).toBe(secret);
    expect(() => unsealSecret('another-factor-key-secret-of-32-characters', account, sealed)).toThrow(/FACTOR_KEY_SECRET/);
    expect(() => unsealSecret(t.env.FACTOR_KEY_SECRET, randomUUID(), sealed)).toThrow(/FACTOR_KEY_SECRET/);
  });
});
