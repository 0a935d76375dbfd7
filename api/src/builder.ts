/** The one Pothos SchemaBuilder: plugins, scalars and auth scopes. No types here. */
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import ScopeAuthPlugin, { type AuthFailure } from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import AuthorizeFirstPlugin from './authorize-first.ts';
import { getDatamodel, type PrismaTypes } from '@consilium/db';
import { GraphQLError } from 'graphql';
import type { Context } from './context.ts';
import { staffHas } from './domain/staff.ts';
import { adminSecondFactorMissing, forbidden, stepUpRequired, unauthenticated } from './errors.ts';
import { confirmationRefusal } from './domain/email-confirmation.ts';
import { isSteppedUp } from './domain/step-up.ts';
import { tokenForbidden } from './domain/access-tokens.ts';
import { validationError } from './validation.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: {
    authenticated: boolean;
    physician: boolean;
    verifiedPhysician: boolean;
    client: boolean;
    /** An ADMIN signed in with a second factor (TOTP, recovery code or passkey). */
    admin: boolean;
    verifier: boolean;
    moderator: boolean;
    reviewer: boolean;
    finance: boolean;
    owner: boolean;
    /** An ADMIN with a second factor, re-authenticated (`stepUp`, `stepUpWithPasskey`, or a sign-in with a factor) within STEP_UP_MINUTES. Used with a staff role under `$all`. */
    adminStepUp: boolean;
  };
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  // Order matters: AuthorizeFirstPlugin runs the operations' argument validation just inside
  // scope-auth, so that a caller who may not call an operation never learns its input rules.
  plugins: [ScopeAuthPlugin, AuthorizeFirstPlugin, PrismaPlugin, ValidationPlugin],
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  scopeAuth: {
    // Until the address is confirmed, an account may use only its own account's operations.
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      physician: ctx.viewer?.emailConfirmed === true && ctx.viewer.role === 'PHYSICIAN',
      verifiedPhysician: ctx.viewer?.emailConfirmed === true && ctx.viewer.role === 'PHYSICIAN' && ctx.viewer.verification === 'VERIFIED',
      client: ctx.viewer?.emailConfirmed === true && ctx.viewer.role === 'CLIENT',
      // An admin without a second factor is no admin until they enrol one (docs/second-factors.md).
      admin: ctx.viewer?.role === 'ADMIN' && ctx.viewer.secondFactor,
      // Every staff role goes through the one rule (docs/staff-roles.md), second factor included.
      verifier: staffHas(ctx.viewer, 'VERIFIER'),
      moderator: staffHas(ctx.viewer, 'MODERATOR'),
      reviewer: staffHas(ctx.viewer, 'REVIEWER'),
      finance: staffHas(ctx.viewer, 'FINANCE'),
      owner: staffHas(ctx.viewer, 'OWNER'),
      adminStepUp: async () => ctx.viewer?.role === 'ADMIN' && ctx.viewer.secondFactor && (await isSteppedUp(ctx, ctx.viewer.sessionId)),
    }),
    unauthorizedError: (_parent, ctx, info, result) => {
      if (!ctx.viewer) return unauthenticated();
      if (ctx.viewer.accessToken) return tokenForbidden(`${info.parentType.name}.${info.fieldName}`);
      if (ctx.viewer.role !== 'ADMIN') return confirmationRefusal(ctx.viewer, result.failure) ?? forbidden();
      if (!ctx.viewer.secondFactor) return adminSecondFactorMissing();
      // Only when the step-up is all that is missing: an admin without the role stays FORBIDDEN.
      const failed = failedScopes(result.failure);
      return failed.length > 0 && failed.every((scope) => scope === 'adminStepUp') ? stepUpRequired() : forbidden();
    },
  },
  validation: { validationError },
});

/** The scopes named in an authorization failure (nested `$any`/`$all` included). */
function failedScopes(failure: AuthFailure): string[] {
  if ('failures' in failure) return failure.failures.flatMap(failedScopes);
  return 'scope' in failure ? [failure.scope] : [];
}

builder.queryType({});
builder.mutationType({});

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) {
      throw new GraphQLError('Expected an ISO 8601 date-time.', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return date;
  },
});
