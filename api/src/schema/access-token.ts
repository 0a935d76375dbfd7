/** Personal access tokens of client accounts (docs/access-tokens.md): the list, creating one (shown once), revoking one. */
import { AccessTokenScope } from '@consilium/db';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { accessTokensOf, createAccessToken, revokeAccessToken, type AccessTokenView } from '../domain/access-tokens.ts';

const AccessTokenScopeEnum = builder.enumType(AccessTokenScope, {
  name: 'AccessTokenScope',
  description: 'What a personal access token may read: READ_SURVEYS — survey, mySurveys, mySurveysPage; READ_REPORTS — report, reportPreview and the report files.',
});

const AccessTokenRef = builder.objectRef<AccessTokenView>('AccessToken');
AccessTokenRef.implement({
  description: 'One of the client\'s personal access tokens; the token itself is shown once, when it is created, and never again.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The token\'s first characters ("csl_pat_" and a short id), to recognise it.' }),
    scopes: t.field({ type: [AccessTokenScopeEnum], resolve: (token) => token.scopes }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'To the minute; null before its first use.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'Null: it lasts until revoked.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedAccessTokenRef = builder.objectRef<{ token: string; accessToken: AccessTokenView }>('CreatedAccessToken');
CreatedAccessTokenRef.implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The token, shown this once: only its hash is kept.' }),
    accessToken: t.field({ type: AccessTokenRef, resolve: (created) => created.accessToken }),
  }),
});

const CreateAccessTokenInput = builder.inputType('CreateAccessTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, validate: z.string().trim().min(1).max(64) }),
    scopes: t.field({ type: [AccessTokenScopeEnum], required: true, validate: z.array(z.enum(AccessTokenScope)).min(1).max(10) }),
    expiresAt: t.field({ type: 'DateTime', description: 'Null or left out: until revoked.' }),
  }),
});

builder.queryField('myAccessTokens', (t) =>
  t.field({
    type: [AccessTokenRef],
    description: 'The client\'s own personal access tokens, live ones first, newest first (at most 100).',
    authScopes: { client: true },
    resolve: (_root, _args, ctx) => accessTokensOf(ctx, ctx.viewer!.accountId),
  }),
);

builder.mutationField('createAccessToken', (t) =>
  t.field({
    type: CreatedAccessTokenRef,
    description: 'Creates a personal access token for the client\'s scripts; the result holds the token, shown this once.',
    authScopes: { client: true },
    args: { input: t.arg({ type: CreateAccessTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => createAccessToken(ctx, { name: input.name, scopes: input.scopes, expiresAt: input.expiresAt ?? null }),
  }),
);

builder.mutationField('revokeAccessToken', (t) =>
  t.field({
    type: AccessTokenRef,
    description: 'Revokes one of the client\'s own tokens: it stops working at once.',
    authScopes: { client: true },
    args: { id: t.arg.id({ required: true, validate: z.uuid({ error: 'invalid' }) }) },
    resolve: (_root, args, ctx) => revokeAccessToken(ctx, String(args.id)),
  }),
);
