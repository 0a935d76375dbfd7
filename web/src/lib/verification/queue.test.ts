import { describe, expect, it } from 'vitest';
import { actionHref, actionsFor, queueHref, queueStatus, shortId } from './queue.ts';

describe('queueStatus', () => {
  it('reads a tab from the query, PENDING by default', () => {
    expect(queueStatus('VERIFIED')).toBe('VERIFIED');
    expect(queueStatus('REVOKED')).toBe('REVOKED');
    expect(queueStatus('REVERIFY')).toBe('REVERIFY');
    expect(queueStatus(null)).toBe('PENDING');
    expect(queueStatus('UNSUBMITTED')).toBe('PENDING');
    expect(queueStatus('verified')).toBe('PENDING');
  });
});

describe('queueHref', () => {
  it('leaves the default tab bare and carries the cursor', () => {
    expect(queueHref('PENDING')).toBe('/verification');
    expect(queueHref('REJECTED')).toBe('/verification?status=REJECTED');
    expect(queueHref('PENDING', 'abc=')).toBe('/verification?after=abc%3D');
    expect(queueHref('VERIFIED', 'xyz')).toBe('/verification?status=VERIFIED&after=xyz');
  });
});

describe('actionsFor', () => {
  it('offers approve and reject while pending, revoke once verified, nothing after', () => {
    expect(actionsFor('PENDING')).toEqual(['approve', 'reject']);
    expect(actionsFor('VERIFIED')).toEqual(['revoke', 'reverify']);
    expect(actionsFor('VERIFIED', true)).toEqual(['confirm', 'revoke']);
    expect(actionsFor('REJECTED')).toEqual([]);
    expect(actionsFor('REVOKED')).toEqual([]);
  });
});

describe('actionHref', () => {
  it('keeps the tab and page and names the action', () => {
    expect(actionHref('', 'approve')).toBe('?/approve');
    expect(actionHref('?status=VERIFIED&after=c1', 'revoke')).toBe('?status=VERIFIED&after=c1&/revoke');
  });

  it('replaces the action of a page rendered after a posted form', () => {
    expect(actionHref('?status=PENDING&/approve', 'reject')).toBe('?status=PENDING&/reject');
  });
});

describe('shortId', () => {
  it('keeps the first characters', () => {
    expect(shortId('3f2a91c0-1111-4222-8333-944445555666')).toBe('3f2a91c0…');
    expect(shortId('abc')).toBe('abc');
  });
});
