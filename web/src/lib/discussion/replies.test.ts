import { describe, expect, it } from 'vitest';
import { groupReplies, replyTarget } from './replies.ts';

const T = 'thread-1';
const r = (id: string, parentId: string | null = null) => ({ id, parentId });

describe('groupReplies', () => {
  it('puts replies to a reply under it, in order, and keeps the top level in order', () => {
    const groups = groupReplies([r('a'), r('b'), r('a1', 'a'), r('c', T), r('b1', 'b'), r('a2', 'a')], T);
    expect(groups.map((g) => [g.reply.id, g.children.map((c) => c.id)])).toEqual([
      ['a', ['a1', 'a2']],
      ['b', ['b1']],
      ['c', []],
    ]);
  });

  it('keeps one level: an answer to a nested reply sits in the same conversation', () => {
    const groups = groupReplies([r('a'), r('a1', 'a'), r('a1x', 'a1'), r('a1xy', 'a1x')], T);
    expect(groups.map((g) => [g.reply.id, g.children.map((c) => c.id)])).toEqual([['a', ['a1', 'a1x', 'a1xy']]]);
  });

  it('shows a reply whose parent is not on this page at the top level', () => {
    const groups = groupReplies([r('z1', 'gone'), r('z2', 'z1')], T);
    expect(groups.map((g) => [g.reply.id, g.children.map((c) => c.id)])).toEqual([['z1', ['z2']]]);
  });

  it('survives a loop in bad data', () => {
    const groups = groupReplies([r('x', 'y'), r('y', 'x')], T);
    expect(groups.flatMap((g) => [g.reply.id, ...g.children.map((c) => c.id)]).sort()).toEqual(['x', 'y']);
  });
});

describe('replyTarget', () => {
  it('answers a top-level reply itself, and a nested one within its conversation', () => {
    const [group] = groupReplies([r('a'), r('a1', 'a')], T);
    expect(replyTarget(group!, group!.reply)).toBe('a');
    expect(replyTarget(group!, group!.children[0]!)).toBe('a');
  });
});
