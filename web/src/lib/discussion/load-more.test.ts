import { describe, expect, it, vi } from 'vitest';

vi.mock('$app/navigation', () => ({ preloadData: vi.fn() }));
const { unseen } = await import('./load-more.ts');

describe('load-more', () => {
  it('appends only what is not shown yet, in the order it came', () => {
    const shown = [{ id: 'a' }, { id: 'b' }];
    expect(unseen(shown, [{ id: 'b' }, { id: 'c' }, { id: 'd' }])).toEqual([{ id: 'c' }, { id: 'd' }]);
    expect(unseen([], [{ id: 'x' }])).toEqual([{ id: 'x' }]);
  });
});
