import { describe, expect, it } from 'vitest';
import { nextVote, pollShare, voteValueOf } from './votes.ts';

describe('votes', () => {
  it('takes a vote back when its button is pressed again, and switches otherwise', () => {
    expect(nextVote(0, 1)).toBe(1);
    expect(nextVote(1, 1)).toBe(0);
    expect(nextVote(1, -1)).toBe(-1);
    expect(nextVote(-1, -1)).toBe(0);
  });

  it('reads only -1, 0 and 1', () => {
    expect(['1', '0', '-1', '2', '', 'up'].map(voteValueOf)).toEqual([1, 0, -1, null, null, null]);
  });

  it('gives poll shares as whole percentages', () => {
    expect(pollShare(1, 3)).toBe(33);
    expect(pollShare(2, 3)).toBe(67);
    expect(pollShare(0, 0)).toBe(0);
  });
});
