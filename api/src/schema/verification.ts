import { queryFromInfo } from '@pothos/plugin-prisma';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { reviewCredential, revokeCredential } from '../domain/credentials.ts';
import { VerificationStatusEnum } from './account.ts';
import { decodeCursor, defineConnection, encodeCursor, pageSize, toPage } from './connection.ts';
import { CredentialRef } from './credential.ts';

const CredentialConnection = defineConnection('Credential', CredentialRef);
const reason = z.string().trim().min(1).max(1000);

builder.queryField('verificationQueue', (t) =>
  t.field({
    type: CredentialConnection,
    description: 'Credentials in one state, oldest submission first (admins).',
    authScopes: { verifier: true },
    args: {
      status: t.arg({ type: VerificationStatusEnum, defaultValue: 'PENDING' }),
      first: t.arg.int({ defaultValue: 50 }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx, info) => {
      const first = pageSize(args.first, 50);
      const cursor = decodeCursor(args.after);
      if (args.status === 'UNSUBMITTED') return toPage([], first, () => '');
      const rows = await ctx.db.credential.findMany({
        ...queryFromInfo({ context: ctx, info, typeName: 'Credential', path: ['edges', 'node'] }),
        where: {
          status: args.status ?? 'PENDING',
          ...(cursor && { OR: [{ submittedAt: { gt: cursor.at } }, { submittedAt: cursor.at, id: { gt: cursor.id } }] }),
        },
        orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
        take: first + 1,
      });
      return toPage(rows, first, (c) => encodeCursor(c.submittedAt, c.id));
    },
  }),
);

builder.mutationField('reviewCredential', (t) =>
  t.prismaField({
    type: 'Credential',
    authScopes: { $all: { verifier: true, adminStepUp: true } },
    args: {
      id: t.arg.id({ required: true, validate: z.uuid() }),
      approve: t.arg.boolean({ required: true }),
      reason: t.arg.string({ validate: reason.optional().nullable() }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await reviewCredential(ctx, String(args.id), args.approve, args.reason ?? null);
      return ctx.db.credential.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('revokeCredential', (t) =>
  t.prismaField({
    type: 'Credential',
    authScopes: { $all: { verifier: true, adminStepUp: true } },
    args: { id: t.arg.id({ required: true, validate: z.uuid() }), reason: t.arg.string({ required: true, validate: reason }) },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await revokeCredential(ctx, String(args.id), args.reason);
      return ctx.db.credential.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);
