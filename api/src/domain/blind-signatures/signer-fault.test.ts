import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { blindSign } from './signer.ts';

// A stand-in for a faulty CRT computation: OpenSSL's result with one bit flipped, on demand.
const fault = vi.hoisted(() => ({ on: false }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    privateDecrypt: (...args: Parameters<typeof real.privateDecrypt>) => {
      const s = real.privateDecrypt(...args);
      if (fault.on) s[s.length - 1]! ^= 0x01;
      return s;
    },
  };
});

afterEach(() => {
  fault.on = false;
});

describe('blindSign under a fault', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const m = new Uint8Array(256).fill(0x42);

  it('signs normally without one', () => {
    expect(blindSign(privateKey, m)).toHaveLength(256);
  });

  it('refuses to return a faulty signature', () => {
    fault.on = true;
    expect(() => blindSign(privateKey, m)).toThrow(expect.objectContaining({ name: 'BlindSignError', reason: 'signing_failure' }));
  });
});
