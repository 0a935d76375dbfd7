import { describe, expect, it } from 'vitest';
import { ApiError, problemOf, statusFor, toFormErrors, toPathErrors, unavailableProblem } from './errors.ts';

const FIELDS = ['email', 'password', 'organizationName'] as const;

function badInput(field: string, reason: string, message = `${field} is wrong`) {
  return { message, extensions: { code: 'BAD_USER_INPUT', field, reason } };
}

describe('toFormErrors', () => {
  it('puts BAD_USER_INPUT next to the field it names', () => {
    const errors = toFormErrors(new ApiError([badInput('password', 'too_short', 'Too short')]), FIELDS);
    expect(errors).toEqual({ fields: { password: { reason: 'too_short', message: 'Too short' } }, form: null });
  });

  it('accepts a field given as an input path', () => {
    const errors = toFormErrors(new ApiError([badInput('input.organizationName', 'organization_required')]), FIELDS);
    expect(errors.fields.organizationName?.reason).toBe('organization_required');
  });

  it('keeps one problem per field and collects several fields', () => {
    const errors = toFormErrors(
      new ApiError([badInput('email', 'invalid_email'), badInput('email', 'too_long'), badInput('password', 'required')]),
      FIELDS,
    );
    expect(errors.fields.email?.reason).toBe('invalid_email');
    expect(errors.fields.password?.reason).toBe('required');
    expect(errors.form).toBeNull();
  });

  it('makes a form problem of a field the form does not have', () => {
    const errors = toFormErrors(new ApiError([badInput('role', 'role_not_allowed', 'No admins')]), FIELDS);
    expect(errors.fields).toEqual({});
    expect(errors.form).toEqual({ code: 'BAD_USER_INPUT', reason: 'role_not_allowed', message: 'No admins', retryAfterSeconds: null });
  });

  it('reads failed logins and rate limits', () => {
    const login = toFormErrors(
      new ApiError([{ message: 'Wrong', extensions: { code: 'UNAUTHENTICATED', reason: 'invalid_credentials' } }]),
      FIELDS,
    );
    expect(login.form).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'invalid_credentials' });

    const limited = toFormErrors(
      new ApiError([{ message: 'Slow down', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 30 } }]),
      FIELDS,
    );
    expect(limited.form).toEqual({ code: 'RATE_LIMITED', reason: null, message: 'Slow down', retryAfterSeconds: 30 });
  });

  it('copes with errors that have no extensions at all', () => {
    const errors = toFormErrors(new ApiError([{ message: 'Unexpected error.' }]), FIELDS);
    expect(errors.form).toEqual({ code: null, reason: null, message: 'Unexpected error.', retryAfterSeconds: null });
  });
});

describe('statusFor', () => {
  it('maps the form problem to an HTTP status', () => {
    const form = (code: string | null) => ({ fields: {}, form: { code, reason: null, message: '', retryAfterSeconds: null } });
    expect(statusFor(form('RATE_LIMITED'))).toBe(429);
    // PostgreSQL or Redis out of reach behind the API, or a statement cut by its timeout: passing.
    expect(statusFor(form('SERVICE_UNAVAILABLE'))).toBe(503);
    expect(statusFor(form('TIMEOUT'))).toBe(503);
    expect(statusFor(form('UNAUTHENTICATED'))).toBe(401);
    expect(statusFor(form('FORBIDDEN'))).toBe(403);
    expect(statusFor(form('CONFLICT'))).toBe(409);
    expect(statusFor({ fields: {}, form: unavailableProblem() })).toBe(503);
    expect(statusFor(form(null))).toBe(400);
    expect(statusFor({ fields: { email: { reason: 'required', message: '' } }, form: null })).toBe(400);
  });
});

describe('toPathErrors', () => {
  const fieldOf = (path: string) => (path.startsWith('questions.') ? path.split('.').slice(0, 3).join('.') : null);

  it('keeps the whole path the API names, without the argument', () => {
    const errors = toPathErrors(
      new ApiError([badInput('questions.2.choices', 'out_of_range', 'question 3: needs 2 choices'), badInput('input.questions.0.prompt.x', 'required')]),
      fieldOf,
    );
    expect(errors.fields).toEqual({
      'questions.2.choices': { reason: 'out_of_range', message: 'question 3: needs 2 choices' },
      'questions.0.prompt': { reason: 'required', message: 'input.questions.0.prompt.x is wrong' },
    });
    expect(errors.form).toBeNull();
  });

  it('makes a form problem of a path the form does not show, or of another code', () => {
    const errors = toPathErrors(new ApiError([badInput('id', 'wrong_state', 'Not a draft')]), fieldOf);
    expect(errors.form).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'wrong_state', message: 'Not a draft' });
    const forbidden = toPathErrors(new ApiError([{ message: 'No', extensions: { code: 'FORBIDDEN' } }]), fieldOf);
    expect(forbidden.form?.code).toBe('FORBIDDEN');
  });
});

describe('problemOf', () => {
  it('reports the first error with its field', () => {
    expect(problemOf(new ApiError([badInput('answers.2', 'invalid_answer', 'question 3: give a number from 0 to 80.')]))).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'invalid_answer',
      field: 'answers.2',
      message: 'question 3: give a number from 0 to 80.',
      retryAfterSeconds: null,
    });
  });
});
