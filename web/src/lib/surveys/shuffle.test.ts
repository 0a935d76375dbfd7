import { describe, expect, it } from 'vitest';
import { displayOrder, shuffled } from './shuffle.ts';

describe('random display order', () => {
  it('is a permutation, kept for the page’s life, and drawn anew for another question', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const first = displayOrder('q1', ids);
    expect([...first].sort()).toEqual([...ids].sort());
    expect(displayOrder('q1', ids)).toBe(first);
    // 12! orders: two draws agreeing by chance is negligible.
    expect(displayOrder('q2', ids)).not.toEqual(first);
  });

  it('puts each choice first about equally often', () => {
    const firsts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const f = shuffled(['a', 'b', 'c', 'd'])[0]!;
      firsts.set(f, (firsts.get(f) ?? 0) + 1);
    }
    for (const id of ['a', 'b', 'c', 'd']) expect(firsts.get(id)! / 4000).toBeGreaterThan(0.2);
  });
});
