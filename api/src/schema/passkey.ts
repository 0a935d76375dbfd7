/** Passkeys (WebAuthn): the member's list, adding, renaming and removing one, signing in and stepping up with one. */
import { z } from 'zod';
import { builder } from '../builder.ts';
import {
  finishRegistration,
  passkeysOf,
  removePasskey,
  renamePasskey,
  signIn,
  startRegistration,
  startSignIn,
  startStepUp,
  stepUp,
} from '../domain/passkeys/passkeys.ts';
import { AuthPayload } from './account.ts';

interface PasskeyShape {
  id: string;
  name: string;
  createdOn: Date;
  lastUsedOn: Date | null;
}

const PasskeyRef = builder.objectRef<PasskeyShape>('Passkey');
PasskeyRef.implement({
  description: 'One of the member\'s passkeys. Its days only, never a time of day.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    addedOn: t.expose('createdOn', { type: 'DateTime', description: 'Midnight UTC of the day it was added.' }),
    lastUsedOn: t.expose('lastUsedOn', { type: 'DateTime', nullable: true, description: 'Midnight UTC of the day it last signed in or stepped up; null before its first use.' }),
  }),
});

const name = z.string().trim().min(1).max(64);
/** The JSON the browser's WebAuthn call returned (`startRegistration` / `startAuthentication` of @simplewebauthn/browser). */
const response = z.string().min(2).max(64_000);

builder.queryField('myPasskeys', (t) =>
  t.field({
    type: [PasskeyRef],
    description: 'The caller\'s passkeys, the oldest first (by name within a day).',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => passkeysOf(ctx, ctx.viewer!.accountId),
  }),
);

builder.mutationField('startPasskeyRegistration', (t) =>
  t.string({
    description: 'Options (JSON) for the browser to create a passkey for the caller; its challenge lasts five minutes, for this session only.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => startRegistration(ctx),
  }),
);

builder.mutationField('finishPasskeyRegistration', (t) =>
  t.field({
    type: PasskeyRef,
    description: 'Verifies the passkey the browser created against the session\'s challenge and adds it under `name`.',
    authScopes: { authenticated: true },
    args: { response: t.arg.string({ required: true, validate: response }), name: t.arg.string({ required: true, validate: name }) },
    resolve: (_root, args, ctx) => finishRegistration(ctx, args.response, args.name),
  }),
);

builder.mutationField('renamePasskey', (t) =>
  t.field({
    type: PasskeyRef,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, validate: z.uuid({ error: 'invalid' }) }), name: t.arg.string({ required: true, validate: name }) },
    resolve: (_root, args, ctx) => renamePasskey(ctx, String(args.id), args.name),
  }),
);

builder.mutationField('removePasskey', (t) =>
  t.boolean({
    description: 'Removes one of the caller\'s passkeys; refused for an administrator\'s last second factor.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, validate: z.uuid({ error: 'invalid' }) }) },
    resolve: async (_root, args, ctx) => {
      await removePasskey(ctx, String(args.id));
      return true;
    },
  }),
);

builder.mutationField('startPasskeySignIn', (t) =>
  t.string({
    description: 'Options (JSON) for the browser to sign in with any passkey of this site, without an e-mail or a password.',
    resolve: (_root, _args, ctx) => startSignIn(ctx),
  }),
);

builder.mutationField('signInWithPasskey', (t) =>
  t.field({
    type: AuthPayload,
    description: 'Opens a session (with a second factor) for the account whose passkey signed the challenge.',
    args: { response: t.arg.string({ required: true, validate: response }) },
    resolve: (_root, args, ctx) => signIn(ctx, args.response),
  }),
);

builder.mutationField('startPasskeyStepUp', (t) =>
  t.string({
    description: 'Options (JSON) for re-authenticating with one of the caller\'s passkeys.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => startStepUp(ctx),
  }),
);

builder.mutationField('stepUpWithPasskey', (t) =>
  t.field({
    type: 'DateTime',
    description: 'Re-authenticates the session with one of the caller\'s passkeys; returns until when the step-up lasts.',
    authScopes: { authenticated: true },
    args: { response: t.arg.string({ required: true, validate: response }) },
    resolve: (_root, args, ctx) => stepUp(ctx, args.response),
  }),
);
