import { describe, expect, it } from 'vitest';
import { listHref } from './pagination.ts';

describe('listHref', () => {
  it('is the bare path on an unfiltered first page', () => {
    expect(listHref('/moderation', { resolved: null, after: undefined })).toBe('/moderation');
  });

  it('keeps the filters that are set, then the cursor, encoded', () => {
    expect(listHref('/notifications', { unread: '1', after: 'YWJj+/=' })).toBe('/notifications?unread=1&after=YWJj%2B%2F%3D');
    expect(listHref('/moderation', { resolved: '', after: 'c' })).toBe('/moderation?after=c');
  });
});
