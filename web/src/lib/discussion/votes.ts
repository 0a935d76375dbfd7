/** A vote is -1, 0 or 1; pressing the button of the vote one has takes it back. */
export type VoteValue = -1 | 0 | 1;

export function voteValueOf(raw: string): VoteValue | null {
  return raw === '1' ? 1 : raw === '-1' ? -1 : raw === '0' ? 0 : null;
}

/** The value the up (1) or down (-1) button sends, given the viewer's current vote. */
export function nextVote(current: number, direction: 1 | -1): VoteValue {
  return current === direction ? 0 : direction;
}

/** The share of a poll option's votes, as a whole percentage (0 when nobody voted). */
export function pollShare(votes: number, total: number): number {
  return total > 0 ? Math.round((votes / total) * 100) : 0;
}
