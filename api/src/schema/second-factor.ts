import { z } from 'zod';
import { builder } from '../builder.ts';
import { badInput } from '../errors.ts';
import { PASSWORD_MAX_LENGTH, verifyPassword } from '../domain/passwords.ts';
import { consume } from '../domain/rate-limits.ts';
import { confirmTotpEnrolment, regenerateRecoveryCodes, removeTotp, startTotpEnrolment, useSecondFactor } from '../domain/second-factor/factors.ts';
import { markSteppedUp } from '../domain/step-up.ts';

const code = z.string().trim().min(1).max(64);
const password = z.string().min(1).max(PASSWORD_MAX_LENGTH);

builder.prismaObjectFields('Account', (t) => ({
  totpEnabled: t.boolean({
    description: 'Whether an authenticator app (TOTP) is set up as a second factor.',
    select: { totpFactor: { select: { confirmed: true } } },
    resolve: (account) => account.totpFactor?.confirmed ?? false,
  }),
  recoveryCodesLeft: t.int({
    description: 'How many unused recovery codes the account has.',
    select: { _count: { select: { recoveryCodes: true } } },
    resolve: (account) => account._count.recoveryCodes,
  }),
  signedInWithSecondFactor: t.boolean({
    description: 'Whether the session of this request was opened (or upgraded) with a second factor. Admins need one.',
    resolve: (_account, _args, ctx) => ctx.viewer?.secondFactor ?? false,
  }),
}));

const TotpEnrolment = builder.objectRef<{ secret: string; uri: string; qrCode: string }>('TotpEnrolment');
TotpEnrolment.implement({
  description: 'A started TOTP enrolment: add it to an authenticator app, then confirm with a code.',
  fields: (t) => ({
    secret: t.exposeString('secret', { description: 'The shared secret in base32, for typing in by hand.' }),
    uri: t.exposeString('uri', { description: 'The otpauth:// URI an authenticator app reads.' }),
    qrCode: t.exposeString('qrCode', { description: 'The URI as an SVG QR code, a data: URL.' }),
  }),
});

builder.mutationField('startTotpEnrolment', (t) =>
  t.field({
    type: TotpEnrolment,
    description: 'Starts setting up an authenticator app (a new secret, unconfirmed until confirmTotpEnrolment).',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => startTotpEnrolment(ctx),
  }),
);

builder.mutationField('confirmTotpEnrolment', (t) =>
  t.stringList({
    description: 'Confirms the authenticator app with a code; returns the ten recovery codes, shown this once. The current session then counts as opened with a second factor.',
    authScopes: { authenticated: true },
    args: { code: t.arg.string({ required: true, validate: code }) },
    resolve: (_root, args, ctx) => confirmTotpEnrolment(ctx, args.code),
  }),
);

builder.mutationField('regenerateRecoveryCodes', (t) =>
  t.stringList({
    description: 'Ten new recovery codes for a code of the authenticator app; the old ones stop working.',
    authScopes: { authenticated: true },
    args: { code: t.arg.string({ required: true, validate: code }) },
    resolve: (_root, args, ctx) => regenerateRecoveryCodes(ctx, args.code),
  }),
);

builder.mutationField('removeTotp', (t) =>
  t.boolean({
    description: 'Removes the authenticator app and the recovery codes (password and a code). An administrator cannot remove their last factor.',
    authScopes: { authenticated: true },
    args: { password: t.arg.string({ required: true, validate: password }), code: t.arg.string({ required: true, validate: code }) },
    resolve: async (_root, args, ctx) => {
      await removeTotp(ctx, args.password, args.code);
      return true;
    },
  }),
);

builder.mutationField('stepUp', (t) =>
  t.field({
    type: 'DateTime',
    description: 'Re-authenticates an admin (password and a code) for the operations that require it; returns until when it holds (STEP_UP_MINUTES).',
    authScopes: { admin: true },
    args: { password: t.arg.string({ required: true, validate: password }), code: t.arg.string({ required: true, validate: code }) },
    resolve: async (_root, args, ctx) => {
      const viewer = ctx.viewer!;
      // A stolen session must not become a password oracle: counted as logins from this address are.
      await consume([ctx.rateLimits.loginByIp, ctx.ip]);
      const account = await ctx.db.account.findUniqueOrThrow({ where: { id: viewer.accountId }, select: { passwordHash: true } });
      if (!(await verifyPassword(account.passwordHash, args.password))) throw badInput('password', 'invalid', 'The password is wrong.');
      if (!(await useSecondFactor(ctx, viewer.accountId, args.code))) {
        throw badInput('code', 'invalid', 'The code is wrong or was already used.');
      }
      return markSteppedUp(ctx, viewer.sessionId);
    },
  }),
);
