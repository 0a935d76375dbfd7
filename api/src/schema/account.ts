import { OrganizationType, Role } from '@consilium/db';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { login, register } from '../domain/accounts.ts';
import { balanceOf } from '../domain/surveys/receipts.ts';
import { endAllSessions, endSession } from '../domain/sessions.ts';
import { clearStepUp } from '../domain/step-up.ts';
import { PASSWORD_MAX_LENGTH } from '../domain/passwords.ts';

export const RoleEnum = builder.enumType(Role, { name: 'Role' });

export const VerificationStatusEnum = builder.enumType('VerificationStatus', {
  values: ['UNSUBMITTED', 'PENDING', 'VERIFIED', 'REJECTED', 'REVOKED'] as const,
});

export const OrganizationTypeEnum = builder.enumType(OrganizationType, {
  name: 'OrganizationType',
  description: 'What kind of body an organisation is; physicians see it before they decide to answer its surveys.',
});

builder.prismaObject('Organization', {
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name'), type: t.expose('type', { type: OrganizationTypeEnum }) }),
});

builder.prismaObject('Account', {
  description: 'An identity: only ever returned to the account holder themself.',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    emailConfirmed: t.exposeBoolean('emailConfirmed', { description: 'Whether the holder has followed the link sent to the address.' }),
    role: t.expose('role', { type: RoleEnum }),
    verificationStatus: t.field({
      type: VerificationStatusEnum,
      select: { credential: { select: { status: true } } },
      resolve: (account) => account.credential?.status ?? 'UNSUBMITTED',
    }),
    organization: t.relation('organization', { nullable: true }),
    honorariumBalanceCents: t.int({ description: 'The sum of the honoraria ledger.', resolve: (account, _args, ctx) => balanceOf(ctx.db, account.id) }),
  }),
});

export const AuthPayload = builder.objectRef<{ token: string; expiresAt: Date; accountId: string }>('AuthPayload');
AuthPayload.implement({
  fields: (t) => ({
    token: t.exposeString('token'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    account: t.prismaField({
      type: 'Account',
      resolve: (query, parent, _args, ctx) =>
        ctx.db.account.findUniqueOrThrow({ ...query, where: { id: parent.accountId } }),
    }),
  }),
});

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(254)
  .pipe(z.email());

const RegisterInput = builder.inputType('RegisterInput', {
  fields: (t) => ({
    email: t.string({ required: true, validate: email }),
    password: t.string({ required: true, validate: z.string().max(PASSWORD_MAX_LENGTH) }),
    role: t.field({
      type: RoleEnum,
      required: true,
      validate: z.enum(['PHYSICIAN', 'CLIENT'], { error: 'role_not_allowed' }),
    }),
    organizationName: t.string({ validate: z.string().trim().min(2).max(200).optional().nullable() }),
    organizationType: t.field({ type: OrganizationTypeEnum, description: 'For clients; OTHER when not given.' }),
  }),
});

builder.queryField('me', (t) =>
  t.prismaField({
    type: 'Account',
    nullable: true,
    resolve: (query, _root, _args, ctx) =>
      ctx.viewer ? ctx.db.account.findUnique({ ...query, where: { id: ctx.viewer.accountId } }) : null,
  }),
);

builder.mutationField('register', (t) =>
  t.field({
    type: AuthPayload,
    args: { input: t.arg({ type: RegisterInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      register(ctx, { ...input, role: input.role as 'PHYSICIAN' | 'CLIENT' }),
  }),
);

builder.mutationField('login', (t) =>
  t.field({
    type: AuthPayload,
    args: {
      email: t.arg.string({ required: true, validate: email }),
      password: t.arg.string({ required: true, validate: z.string().min(1).max(PASSWORD_MAX_LENGTH) }),
      secondFactor: t.arg.string({
        description: 'A code of the authenticator app, or a recovery code: required when the account has a second factor.',
        validate: z.string().trim().min(1).max(64).optional().nullable(),
      }),
    },
    resolve: (_root, args, ctx) => login(ctx, args.email, args.password, args.secondFactor),
  }),
);

builder.mutationField('logout', (t) =>
  t.boolean({
    description: 'Ends the session this request carries.',
    authScopes: { authenticated: true },
    resolve: async (_root, _args, ctx) => {
      await Promise.all([endSession(ctx.db, ctx.viewer!.sessionId), clearStepUp(ctx, ctx.viewer!.sessionId)]);
      return true;
    },
  }),
);

builder.mutationField('logoutEverywhere', (t) =>
  t.int({
    description: 'Ends every session of the account (all devices); returns how many were ended.',
    authScopes: { authenticated: true },
    resolve: async (_root, _args, ctx) => {
      await clearStepUp(ctx, ctx.viewer!.sessionId);
      return endAllSessions(ctx.db, ctx.viewer!.accountId);
    },
  }),
);
