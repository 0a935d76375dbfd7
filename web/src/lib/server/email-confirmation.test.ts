import { describe, expect, it } from 'vitest';
import { confirmAddressPathFor, openToUnconfirmed } from './email-confirmation.ts';

describe('what an account whose address is not confirmed may open', () => {
  it('its account page, the confirmation and reset pages, logging out, the language switch and its data export', () => {
    for (const path of ['/', '/confirm-address', '/confirm-email', '/reset-password', '/logout', '/lang', '/account/export']) {
      expect(openToUnconfirmed(path), path).toBe(true);
    }
  });

  it('nothing else, including look-alike paths', () => {
    for (const path of ['/credential', '/surveys', '/discussion', '/my-surveys/new', '/orders', '/invoices/x.pdf', '/uploads', '/logout/x', '/confirm-addressx', '/account', '//', '/lang/../surveys']) {
      expect(openToUnconfirmed(path), path).toBe(false);
    }
  });
});

describe('the way to the confirmation page', () => {
  it('remembers the page asked for, not a form posted, nor the account page', () => {
    expect(confirmAddressPathFor(new URL('http://x/my-surveys/new?copy=1'), 'GET')).toBe('/confirm-address?redirectTo=%2Fmy-surveys%2Fnew%3Fcopy%3D1');
    expect(confirmAddressPathFor(new URL('http://x/credential'), 'POST')).toBe('/confirm-address');
    expect(confirmAddressPathFor(new URL('http://x/'), 'GET')).toBe('/confirm-address');
  });
});
