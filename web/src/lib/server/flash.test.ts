import { describe, expect, it } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { doneHref, setFlash, takeFlash, withoutAction } from './flash.ts';

/** A cookie jar as the browser keeps it: per name, what the last response set. */
function jar(): Cookies {
  const values = new Map<string, string>();
  return {
    get: (name: string) => values.get(name),
    set: (name: string, value: string) => void values.set(name, value),
    delete: (name: string) => void values.delete(name),
  } as unknown as Cookies;
}

const asTitle = (value: unknown) =>
  typeof value === 'object' && value !== null && 'title' in value && typeof value.title === 'string' ? { title: value.title } : null;

describe('withoutAction', () => {
  it('drops the form action and keeps the page\'s own parameters', () => {
    expect(withoutAction(new URL('http://web/verification?/approve'))).toBe('/verification');
    expect(withoutAction(new URL('http://web/verification?status=REJECTED&after=abc&/revoke'))).toBe('/verification?status=REJECTED&after=abc');
  });

  it('drops the step-up\'s "again" too: once the action went through, nothing is left to do again', () => {
    expect(withoutAction(new URL('http://web/orders?after=abc&again=markPaid%3A42&/markPaid'))).toBe('/orders?after=abc');
  });
});

describe('flash', () => {
  it('gives the notice to the next load only', () => {
    const cookies = jar();
    setFlash(cookies, '/survey-review', { title: 'Anticoagulation' });
    expect(takeFlash(cookies, '/survey-review', asTitle)).toEqual({ title: 'Anticoagulation' });
    expect(takeFlash(cookies, '/survey-review', asTitle)).toBeNull();
  });

  it('ignores a cookie that is not what the page expects', () => {
    const cookies = jar();
    cookies.set('consilium_flash', '{not json', { path: '/' });
    expect(takeFlash(cookies, '/survey-review', asTitle)).toBeNull();
    setFlash(cookies, '/survey-review', { other: 1 });
    expect(takeFlash(cookies, '/survey-review', asTitle)).toBeNull();
  });
});

describe('doneHref', () => {
  it('goes back to the clean page, on the post it acted on', () => {
    expect(doneHref(new URL('http://web/discussion/t/abc?after=xyz&/vote'), 'post-p1')).toBe('/discussion/t/abc?after=xyz#post-p1');
    expect(doneHref(new URL('http://web/orders?/markPaid'))).toBe('/orders');
  });
});

describe('the account page’s notices, read from its one flash', () => {
  it('gives each group of actions its own notices and nothing of the others’', async () => {
    const { mailNoticeOf } = await import('./email-actions.ts');
    const { noticeOf } = await import('./account-data.ts');
    const { passkeyNoticeOf } = await import('./passkeys.ts');
    expect([mailNoticeOf('resent'), noticeOf('resent'), passkeyNoticeOf('resent')]).toEqual(['resent', null, null]);
    expect([mailNoticeOf('ended'), noticeOf('ended'), passkeyNoticeOf('ended')]).toEqual([null, 'ended', null]);
    expect([mailNoticeOf('passkey-removed'), noticeOf('passkey-removed'), passkeyNoticeOf('passkey-removed')]).toEqual([null, null, 'passkey-removed']);
    for (const read of [mailNoticeOf, noticeOf, passkeyNoticeOf]) {
      expect(read(null)).toBeNull();
      expect(read({ paid: 'F-1' })).toBeNull();
      expect(read('toString')).toBeNull();
    }
  });
});
