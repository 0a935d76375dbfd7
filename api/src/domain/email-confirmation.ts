/**
 * An account whose address is not confirmed may use only its own account's operations (issue #14,
 * point 1): the `physician`, `verifiedPhysician` and `client` scopes hold only once it is. When
 * such an account is refused something that its role would otherwise reach, the error says why,
 * so that the web app (and any client) can send the member to confirm rather than show "forbidden".
 */
import type { AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { Viewer } from './sessions.ts';

/** The role each confirmation-gated scope is for. */
const GATED_SCOPES: Record<string, Viewer['role']> = {
  physician: 'PHYSICIAN',
  verifiedPhysician: 'PHYSICIAN',
  client: 'CLIENT',
};

export function emailNotConfirmed(): GraphQLError {
  return new GraphQLError('Confirm your e-mail address first: follow the link we sent to it (the account page sends a new one).', {
    extensions: { code: 'EMAIL_NOT_CONFIRMED' },
  });
}

/** Whether a refused scope is one the viewer's role reaches once the address is confirmed. */
function gatedFor(role: Viewer['role'], failure: AuthFailure): boolean {
  if (failure.kind === 'AuthScope') return GATED_SCOPES[failure.scope] === role;
  if (failure.kind === 'AnyAuthScopes' || failure.kind === 'AllAuthScopes') return failure.failures.some((f) => gatedFor(role, f));
  return false;
}

/**
 * The EMAIL_NOT_CONFIRMED error when the refusal comes from the unconfirmed address; null when
 * confirming would not change the answer (a client calling an admin operation stays FORBIDDEN).
 */
export function confirmationRefusal(viewer: Viewer, failure: AuthFailure): GraphQLError | null {
  return !viewer.emailConfirmed && gatedFor(viewer.role, failure) ? emailNotConfirmed() : null;
}
