import { describe, expect, it } from 'vitest';
import { asThreadDone, resultFor } from './action-result.ts';

describe('asThreadDone', () => {
  it('reads what the thread page tells once: a reply posted, a post reported', () => {
    expect(asThreadDone({ kind: 'reply', id: 'r1' })).toEqual({ kind: 'reply', id: 'r1' });
    expect(asThreadDone({ kind: 'report', postId: 'p1', extra: 1 })).toEqual({ kind: 'report', postId: 'p1' });
    expect(asThreadDone({ kind: 'edit', postId: 'p1' })).toEqual({ kind: 'edit', postId: 'p1' });
    expect(asThreadDone({ kind: 'bookmark', bookmarked: false })).toEqual({ kind: 'bookmark', bookmarked: false });
    expect(asThreadDone({ kind: 'bookmark', bookmarked: 'yes' })).toBeNull();
  });

  it('ignores anything else (another page\'s notice, a forged cookie)', () => {
    expect(asThreadDone({ kind: 'report', id: 'p1' })).toBeNull();
    expect(asThreadDone({ paid: 'F-2026-0001' })).toBeNull();
    expect(asThreadDone('reply')).toBeNull();
    expect(asThreadDone(null)).toBeNull();
  });
});

describe('resultFor', () => {
  it('gives a refusal to the form it came from only', () => {
    const refused = { kind: 'report', target: 'p1', reason: '', errors: { fields: {}, form: null } };
    expect(resultFor(refused, 'report', 'p1')).toBe(refused);
    expect(resultFor(refused, 'report', 'p2')).toBeNull();
    expect(resultFor(refused, 'vote', 'p1')).toBeNull();
  });
});
