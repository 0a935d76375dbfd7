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
  | 'invalid_token'
  | 'token_spent'
  | 'invalid_answer'
  | 'receipt_spent'
  | 'already_redeemed'
  | 'nothing_publishable';

export function badInput(field: string, reason: BadInputReason, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, reason } });
}

export function unauthenticated(message = 'You must be logged in.', reason?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', ...(reason ? { reason } : {}) } });
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
