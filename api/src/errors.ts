/** The expected failures of the API, each with the stable `extensions.code` of the contract. */
import { GraphQLError } from 'graphql';

export type BadInputReason =
  | 'required'
  | 'too_long'
  | 'too_short'
  | 'invalid_email'
  | 'invalid'
  | 'common_password'
  | 'organization_required'
  | 'role_not_allowed'
  | 'already_submitted'
  | 'license_taken'
  | 'not_found'
  | 'wrong_state'
  | 'out_of_range'
  | 'past_date'
  | 'already_taken'
  | 'survey_closed'
  | 'quota_full'
  | 'invalid_token'
  | 'token_spent'
  | 'invalid_answer'
  | 'needs_respondent_file'
  | 'not_announced'
  | 'receipt_spent'
  | 'already_redeemed'
  | 'nothing_publishable'
  | 'last_owner'
  | 'last_factor'
  | 'too_few_recipients';

export function badInput(field: string, reason: BadInputReason, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, reason } });
}

/**
 * Several input problems of one request. It travels as one error out of the resolver, and the
 * API's response lists each problem as its own error (`everyInputProblem` in app.ts), each with
 * its `field`; the first stands for them all where only one can be shown.
 */
export class InputProblems extends GraphQLError {
  readonly problems: readonly GraphQLError[];

  constructor(problems: readonly GraphQLError[]) {
    const [first] = problems;
    super(first!.message, { extensions: first!.extensions });
    this.problems = problems;
  }
}

/** One problem as itself, several as `InputProblems`. */
export function badInputs(problems: readonly GraphQLError[]): GraphQLError {
  return problems.length === 1 ? problems[0]! : new InputProblems(problems);
}

export function unauthenticated(message = 'You must be logged in.', reason?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', ...(reason ? { reason } : {}) } });
}

/** The password was right, but the account has a second factor and no good code came with it. */
export function secondFactorRequired(reason: 'missing' | 'invalid'): GraphQLError {
  const message = reason === 'missing'
    ? 'This account has a second factor: enter the code of your authenticator app, or a recovery code.'
    : 'The second-factor code is wrong or was already used.';
  return new GraphQLError(message, { extensions: { code: 'SECOND_FACTOR_REQUIRED', field: 'secondFactor', reason } });
}

/** An admin operation that wants a recent re-authentication (`stepUp`): the web asks for it, then retries. */
export function stepUpRequired(): GraphQLError {
  return new GraphQLError('Confirm it is you: enter your password and a code again (step-up), then retry.', { extensions: { code: 'STEP_UP_REQUIRED' } });
}

/** An admin signed in without a second factor: only enrolling one is open to them. */
export function adminSecondFactorMissing(): GraphQLError {
  return new GraphQLError('Administrators must sign in with a second factor: set up an authenticator app on your account page.', {
    extensions: { code: 'FORBIDDEN', reason: 'second_factor_required' },
  });
}

export function forbidden(message = 'You are not allowed to do this.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function rateLimited(retryAfterSeconds: number): GraphQLError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new GraphQLError(`Too many attempts. Try again in ${seconds} seconds.`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds: seconds,
      http: { status: 429, headers: { 'retry-after': String(seconds) } },
    },
  });
}
