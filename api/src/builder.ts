/** The one Pothos SchemaBuilder: plugins, scalars and auth scopes. No types here. */
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import AuthorizeFirstPlugin from './authorize-first.ts';
import { getDatamodel, type PrismaTypes } from '@consilium/db';
import { GraphQLError } from 'graphql';
import type { Context } from './context.ts';
import { staffHas } from './domain/staff.ts';
import { forbidden, unauthenticated } from './errors.ts';
import { confirmationRefusal } from './domain/email-confirmation.ts';
import { validationError } from './validation.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: {
    authenticated: boolean;
    physician: boolean;
    verifiedPhysician: boolean;
    client: boolean;
    admin: boolean;
    verifier: boolean;
    moderator: boolean;
    reviewer: boolean;
    finance: boolean;
    owner: boolean;
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
      admin: ctx.viewer?.role === 'ADMIN',
      verifier: staffHas(ctx.viewer, 'VERIFIER'),
      moderator: staffHas(ctx.viewer, 'MODERATOR'),
      reviewer: staffHas(ctx.viewer, 'REVIEWER'),
      finance: staffHas(ctx.viewer, 'FINANCE'),
      owner: staffHas(ctx.viewer, 'OWNER'),
    }),
    unauthorizedError: (_parent, ctx, _info, result) =>
      ctx.viewer ? (confirmationRefusal(ctx.viewer, result.failure) ?? forbidden()) : unauthenticated(),
  },
  validation: { validationError },
});

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
