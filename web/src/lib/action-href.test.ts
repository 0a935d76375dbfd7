import { describe, expect, it } from 'vitest';
import { actionHref } from './action-href.ts';

describe('actionHref', () => {
  it('names the action and keeps the page\'s filter and page', () => {
    expect(actionHref('moderate', '')).toBe('?/moderate');
    expect(actionHref('moderate', '?resolved=1&after=abc')).toBe('?/moderate&resolved=1&after=abc');
  });

  it('drops an action left in the query by an earlier post', () => {
    expect(actionHref('suspension', new URLSearchParams('resolved=1&/moderate'))).toBe('?/suspension&resolved=1');
  });
});
