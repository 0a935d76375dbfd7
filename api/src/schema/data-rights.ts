/** The member's own sessions, and their data rights: export and deletion (docs/data-rights.md). */
import { z } from 'zod';
import { builder } from '../builder.ts';
import { auditSelf } from '../domain/audit.ts';
import { deleteAccount, exportOf } from '../domain/data-rights.ts';
import { PASSWORD_MAX_LENGTH } from '../domain/passwords.ts';
import { endOwnSession, sessionsOf } from '../domain/sessions.ts';
import { clearStepUp } from '../domain/step-up.ts';
import { badInput } from '../errors.ts';

interface SessionShape {
  id: string;
  device: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  current: boolean;
}

const SessionRef = builder.objectRef<SessionShape>('Session');
SessionRef.implement({
  description: 'One of the member\'s signed-in devices. Its days only, never a time of day (docs/pseudonyms.md, "Times").',
  fields: (t) => ({
    id: t.exposeID('id'),
    device: t.exposeString('device', { nullable: true, description: 'A coarse label such as "Firefox on Android"; null when the browser said nothing usable.' }),
    openedOn: t.expose('createdAt', { type: 'DateTime', description: 'Midnight UTC of the day it was opened.' }),
    lastUsedOn: t.expose('lastSeenAt', { type: 'DateTime', description: 'Midnight UTC of the day it was last used.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    current: t.exposeBoolean('current', { description: 'The session this request carries.' }),
  }),
});

builder.queryField('mySessions', (t) =>
  t.field({
    type: [SessionRef],
    description: 'The caller\'s unexpired sessions, the most recently used first.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => sessionsOf(ctx.db, ctx.viewer!),
  }),
);

builder.mutationField('endSession', (t) =>
  t.boolean({
    description: 'Ends one of the caller\'s own sessions (another device, or this one).',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, validate: z.uuid({ error: 'invalid' }) }) },
    resolve: async (_root, { id }, ctx) => {
      if (!(await endOwnSession(ctx.db, ctx.viewer!.accountId, String(id)))) {
        throw badInput('id', 'not_found', 'You have no such session.');
      }
      await clearStepUp(ctx, String(id));
      return true;
    },
  }),
);

builder.queryField('exportMyData', (t) =>
  t.string({
    description: 'Everything held on the caller\'s account as a JSON document (GDPR Art. 15 and 20), computed now and never stored.',
    authScopes: { authenticated: true },
    resolve: async (_root, _args, ctx) => {
      const document = JSON.stringify(await exportOf(ctx, ctx.viewer!.accountId), null, 2);
      // That an export was made (never what it held); a physician's entry says the day only.
      await auditSelf(ctx.db, { id: ctx.viewer!.accountId, role: ctx.viewer!.role }, 'account.export');
      return document;
    },
  }),
);

builder.mutationField('deleteMyAccount', (t) =>
  t.boolean({
    description:
      'Deletes the caller\'s physician account (GDPR Art. 17) after the password is entered again. Posts stay, under a pseudonym no longer linked to anyone.',
    // Not the `physician` scope: a member who never confirmed the address may still leave.
    authScopes: (_root, _args, ctx) => ctx.viewer?.role === 'PHYSICIAN',
    args: { password: t.arg.string({ required: true, validate: z.string().min(1).max(PASSWORD_MAX_LENGTH) }) },
    resolve: async (_root, { password }, ctx) => {
      await deleteAccount(ctx, ctx.viewer!.accountId, password);
      return true;
    },
  }),
);
