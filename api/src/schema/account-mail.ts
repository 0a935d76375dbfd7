/** The account's mails: confirmation of the address, password reset, change of address. */
import { z } from 'zod';
import { builder } from '../builder.ts';
import { confirmEmail, requestEmailChange, requestPasswordReset, resendConfirmation, resetPassword } from '../domain/mail/account-mail.ts';
import { PASSWORD_MAX_LENGTH } from '../domain/passwords.ts';
import { email } from './account.ts';

const token = z.string().min(1).max(128);

builder.mutationField('requestPasswordReset', (t) =>
  t.boolean({
    description: 'Mails a single-use reset link to the address if an account holds it. Always true: the answer does not say whether it does.',
    args: { email: t.arg.string({ required: true, validate: email }) },
    resolve: (_root, args, ctx) => requestPasswordReset(ctx, args.email),
  }),
);

builder.mutationField('resetPassword', (t) =>
  t.boolean({
    description: 'Sets a new password with the token of a reset link (used up); every session of the account ends.',
    args: {
      token: t.arg.string({ required: true, validate: token }),
      password: t.arg.string({ required: true, validate: z.string().max(PASSWORD_MAX_LENGTH) }),
    },
    resolve: (_root, args, ctx) => resetPassword(ctx, args.token, args.password),
  }),
);

builder.mutationField('confirmEmail', (t) =>
  t.boolean({
    description: 'Follows a confirmation link (of a new account, or of a change of address): works once, signed in or not.',
    args: { token: t.arg.string({ required: true, validate: token }) },
    resolve: (_root, args, ctx) => confirmEmail(ctx, args.token),
  }),
);

builder.mutationField('resendEmailConfirmation', (t) =>
  t.boolean({
    description: 'Mails a fresh confirmation link to the viewer’s address (earlier links stop working); false when it is confirmed already.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => resendConfirmation(ctx),
  }),
);

builder.mutationField('requestEmailChange', (t) =>
  t.boolean({
    description: 'Mails a confirmation link to the new address; the account keeps its address until the link is followed, and the old address is then told.',
    authScopes: { authenticated: true },
    args: {
      newEmail: t.arg.string({ required: true, validate: email }),
      password: t.arg.string({ required: true, validate: z.string().min(1).max(PASSWORD_MAX_LENGTH) }),
    },
    resolve: (_root, args, ctx) => requestEmailChange(ctx, args.newEmail, args.password),
  }),
);
