import { describe, expect, it } from 'vitest';
import { loginPathFor, safeReturnPath } from './return-path.ts';

describe('safeReturnPath', () => {
  it('keeps a local path with its query and fragment', () => {
    expect(safeReturnPath('/surveys/42?tab=results#q3')).toBe('/surveys/42?tab=results#q3');
    expect(safeReturnPath('/')).toBe('/');
  });

  it('normalises dot segments without leaving the site', () => {
    expect(safeReturnPath('/a/../b')).toBe('/b');
    expect(safeReturnPath('/../../etc')).toBe('/etc');
  });

  it.each([
    null,
    undefined,
    '',
    'surveys',
    '//evil.example/path',
    '/\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    ' /surveys',
  ])('refuses %j', (value) => {
    expect(safeReturnPath(value)).toBe('/');
    expect(safeReturnPath(value, '/home')).toBe('/home');
  });
});

describe('loginPathFor', () => {
  it('carries the page to come back to', () => {
    expect(loginPathFor(new URL('http://x/surveys/1?tab=a b'))).toBe('/login?redirectTo=%2Fsurveys%2F1%3Ftab%3Da%2520b');
    expect(loginPathFor(new URL('http://x/'))).toBe('/login');
  });

  it('round-trips through safeReturnPath', () => {
    const login = new URL(loginPathFor(new URL('http://x/admin/queue?status=PENDING')), 'http://x');
    expect(safeReturnPath(login.searchParams.get('redirectTo'))).toBe('/admin/queue?status=PENDING');
  });
});
