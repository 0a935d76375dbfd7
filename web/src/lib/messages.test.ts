import { describe, expect, it } from 'vitest';
import { handlesOf, othersOf } from './messages.ts';

describe('the "To" field', () => {
  it('takes handles separated by commas or spaces, once each', () => {
    expect(handlesOf(' Cobalt-Heron-4821, Amber-Fox-12  Amber-Fox-12;Jade-Owl-7 ')).toEqual(['Cobalt-Heron-4821', 'Amber-Fox-12', 'Jade-Owl-7']);
    expect(handlesOf(' , ')).toEqual([]);
  });
});

describe('a conversation’s name', () => {
  it('is its other members, never the viewer', () => {
    const members = [{ id: 'a', handle: 'Me-1' }, { id: 'b', handle: 'You-2' }];
    expect(othersOf(members, 'a').map((m) => m.handle)).toEqual(['You-2']);
    expect(othersOf(members, null)).toHaveLength(2);
  });
});
