import { describe, expect, it } from 'vitest';
import { fieldMessage, formMessage } from './problems.ts';
import { getTranslator } from './translator.ts';

const en = getTranslator('en');
const fr = getTranslator('fr');

describe('fieldMessage', () => {
  it("translates a known reason, in the field's own words where it has some", () => {
    expect(fieldMessage(fr, 'password', { reason: 'too_short', message: 'password is too short.' })).toBe(
      'Le mot de passe doit comporter au moins 12 caractères.',
    );
    expect(fieldMessage(en, 'organizationName', { reason: 'too_short', message: 'too short' })).toBe(
      'The organisation name must be at least 2 characters long.',
    );
    expect(fieldMessage(en, 'email', { reason: 'too_short', message: 'too short' })).toBe('This text is too short.');
    expect(formMessage(en, { code: 'UNAUTHENTICATED', reason: 'registration_refused', message: 'No', retryAfterSeconds: null })).toBe(
      'No account can be created with this e-mail address and this password. If you already have an account, log in.',
    );
  });

  it("falls back to the API's message for an unknown or missing reason", () => {
    expect(fieldMessage(en, 'email', { reason: 'brand_new_rule', message: 'Nope' })).toBe('Nope');
    expect(fieldMessage(en, 'email', { reason: null, message: 'Nope' })).toBe('Nope');
  });

  it('says in the reader\'s language that a form is still on its way, or was sent with other content', () => {
    expect(formMessage(fr, { code: 'CONFLICT', reason: 'idempotency_in_progress', message: 'A request…', retryAfterSeconds: null })).toBe(
      'Votre envoi précédent de ce formulaire est encore en cours. Patientez quelques secondes, puis réessayez.',
    );
    expect(formMessage(en, { code: 'BAD_USER_INPUT', reason: 'idempotency_key_reused', message: 'This key…', retryAfterSeconds: null })).toMatch(
      /^This form was already sent with different content\./,
    );
  });

  it('is null without a problem', () => {
    expect(fieldMessage(en, 'email', undefined)).toBeNull();
  });
});

describe('formMessage', () => {
  const problem = { code: null, reason: null, message: 'API says', retryAfterSeconds: null };

  it('says how long to wait when rate limited', () => {
    expect(formMessage(en, { ...problem, code: 'RATE_LIMITED', retryAfterSeconds: 41.2 })).toBe(
      'Too many attempts. Try again in 42 seconds.',
    );
    expect(formMessage(en, { ...problem, code: 'RATE_LIMITED' })).toBe('Too many attempts. Try again in a moment.');
  });

  it('translates wrong credentials, an unreachable API and a missing session', () => {
    expect(formMessage(en, { ...problem, code: 'UNAUTHENTICATED', reason: 'invalid_credentials' })).toBe(
      'Incorrect e-mail address or password.',
    );
    expect(formMessage(fr, { ...problem, code: 'API_UNAVAILABLE' })).toContain('réessayez');
    // The API's 503s (PostgreSQL or Redis out of reach, a statement too slow) read as the same passing trouble, translated.
    expect(formMessage(fr, { ...problem, code: 'SERVICE_UNAVAILABLE', reason: 'database_unreachable' })).toContain('réessayez');
    expect(formMessage(en, { ...problem, code: 'TIMEOUT', reason: 'statement_timeout' })).toBe(formMessage(en, { ...problem, code: 'API_UNAVAILABLE' }));
    expect(formMessage(en, { ...problem, code: 'UNAUTHENTICATED' })).toBe('Your session has expired. Please log in again.');
  });

  it("falls back to the API's message", () => {
    expect(formMessage(en, { ...problem, code: 'SOMETHING_NEW' })).toBe('API says');
    expect(formMessage(en, null)).toBeNull();
  });
});
