import { describe, expect, it } from 'vitest';
import { getTranslator } from '$lib/i18n/translator.ts';
import { surveyProblem } from './problems.ts';

const en = getTranslator('en');
const problem = (code: string | null, reason: string | null, message = 'API says') => ({ code, reason, message, retryAfterSeconds: null });

describe('surveyProblem', () => {
  it('speaks of surveys, not licences, for a state or an id gone', () => {
    expect(surveyProblem(en, problem('BAD_USER_INPUT', 'wrong_state'), 'builder')).toBe(
      'This survey is no longer a draft: it cannot be changed. Reload the page.',
    );
    expect(surveyProblem(en, problem('BAD_USER_INPUT', 'wrong_state'))).toContain('changed state meanwhile');
    expect(surveyProblem(en, problem('BAD_USER_INPUT', 'not_found'))).toBe('This survey no longer exists.');
  });

  it('translates the survey reasons, and otherwise does what formMessage does', () => {
    expect(surveyProblem(en, problem('BAD_USER_INPUT', 'survey_closed'))).toBe('This survey is full or closed: it takes no more answers.');
    expect(surveyProblem(en, problem('CRYPTO', null))).toContain('could not check the signature');
    expect(surveyProblem(en, problem('FORBIDDEN', null))).toBe('You do not have access to this page.');
    expect(surveyProblem(en, problem('SOMETHING', null))).toBe('API says');
    expect(surveyProblem(en, null)).toBeNull();
  });
});
