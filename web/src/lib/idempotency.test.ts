import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY, newIdempotencyKey } from './idempotency.ts';

describe('newIdempotencyKey', () => {
  it('makes keys the API accepts, a new one each time', () => {
    const keys = Array.from({ length: 50 }, newIdempotencyKey);
    for (const key of keys) expect(key).toMatch(IDEMPOTENCY_KEY);
    expect(new Set(keys).size).toBe(50);
  });
});
