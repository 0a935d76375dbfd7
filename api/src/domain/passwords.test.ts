import { describe, expect, it } from 'vitest';
import { passwordProblem } from './passwords.ts';

describe('password policy', () => {
  it.each([
    ['short', 'too_short'],
    ['azertyuiop12', 'common_password'],
    ['motdepasse123', 'common_password'],
    ['123456789012', 'common_password'],
    ['qwertyuiopasdf', 'common_password'],
    ['x'.repeat(257), 'too_long'],
  ])('refuses %s as %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblem('éèàùçéèàùç')).toBe('too_short');
  });

  it('accepts a long, unpredictable passphrase', () => {
    expect(passwordProblem('glacier-violet-teapot-1987')).toBeNull();
  });

  it('refuses a password built from the person\'s own e-mail', () => {
    expect(passwordProblem('marie.curie.1867', ['marie.curie@hopital.fr', 'marie.curie'])).toBe('common_password');
  });
});
