import { queryFromInfo } from '@pothos/plugin-prisma';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { confirmReverification, requestReverification } from '../domain/reverification.ts';
import { decodeCursor, defineConnection, encodeCursor, pageSize, toPage } from './connection.ts';
import { CredentialRef } from './credential.ts';

const ReverifyReasonEnum = builder.enumType('ReverifyReason', {
  description: 'Why a verified credential is being re-verified.',
  values: ['REGISTRY_MISSING', 'REGISTRY_SPECIALTY', 'AGE', 'ADMIN_REQUEST'] as const,
});

interface RegistryNow {
  found: boolean;
  nameOnRegistry: string | null;
  specialtyOnRegistry: string | null;
  extractDate: Date | null;
}
const RegistryNowRef = builder.objectRef<RegistryNow>('RegistryEvidence');
RegistryNowRef.implement({
  description: 'What a registry extract says of a licence, and the extract’s date.',
  fields: (t) => ({
    found: t.exposeBoolean('found'),
    nameOnRegistry: t.exposeString('nameOnRegistry', { nullable: true }),
    specialtyOnRegistry: t.exposeString('specialtyOnRegistry', { nullable: true }),
    extractDate: t.expose('extractDate', { type: 'DateTime', nullable: true }),
  }),
});

interface Reverification {
  reason: 'REGISTRY_MISSING' | 'REGISTRY_SPECIALTY' | 'AGE' | 'ADMIN_REQUEST';
  requestedAt: Date;
  note: string | null;
  registryNow: RegistryNow | null;
}
const ReverificationRef = builder.objectRef<Reverification>('Reverification');
ReverificationRef.implement({
  description: 'A verified credential under re-verification: it stays verified until an admin confirms or revokes it.',
  fields: (t) => ({
    reason: t.expose('reason', { type: ReverifyReasonEnum }),
    requestedAt: t.expose('requestedAt', { type: 'DateTime' }),
    note: t.exposeString('note', { nullable: true, authScopes: { verifier: true }, unauthorizedResolver: () => null }),
    registryNow: t.field({
      type: RegistryNowRef,
      nullable: true,
      description: 'Admins: what the registry import that queued it says now (Credential.registryMatch says what it said before).',
      authScopes: { verifier: true },
      unauthorizedResolver: () => null,
      resolve: (r) => r.registryNow,
    }),
  }),
});

builder.prismaObjectFields('Credential', (t) => ({
  reverification: t.field({
    type: ReverificationRef,
    nullable: true,
    description: 'Set while the credential is in the re-verification queue; its holder sees the reason, admins the evidence.',
    select: {
      reverifyReason: true, reverifyRequestedAt: true, reverifyNote: true, reverifyImportId: true, reverifyRegistryFound: true,
      reverifyRegistryName: true, reverifyRegistrySpecialty: true, reverifyImport: { select: { extractDate: true } },
    },
    resolve: (c) =>
      c.reverifyReason && c.reverifyRequestedAt
        ? {
            reason: c.reverifyReason,
            requestedAt: c.reverifyRequestedAt,
            note: c.reverifyNote,
            registryNow: c.reverifyImportId
              ? { found: c.reverifyRegistryFound ?? false, nameOnRegistry: c.reverifyRegistryName, specialtyOnRegistry: c.reverifyRegistrySpecialty, extractDate: c.reverifyImport?.extractDate ?? null }
              : null,
          }
        : null,
  }),
}));

const ReverificationConnection = defineConnection('Reverification', CredentialRef);

builder.queryField('reverificationQueue', (t) =>
  t.field({
    type: ReverificationConnection,
    description: 'Verified credentials waiting for re-verification, oldest request first (admins).',
    authScopes: { verifier: true },
    args: { first: t.arg.int({ defaultValue: 50 }), after: t.arg.string() },
    resolve: async (_root, args, ctx, info) => {
      const first = pageSize(args.first, 50);
      const cursor = decodeCursor(args.after);
      const rows = await ctx.db.credential.findMany({
        ...queryFromInfo({ context: ctx, info, typeName: 'Credential', path: ['edges', 'node'] }),
        where: {
          status: 'VERIFIED',
          reverifyRequestedAt: cursor ? { gte: cursor.at } : { not: null },
          ...(cursor && { OR: [{ reverifyRequestedAt: { gt: cursor.at } }, { id: { gt: cursor.id } }] }),
        },
        orderBy: [{ reverifyRequestedAt: 'asc' }, { id: 'asc' }],
        take: first + 1,
      });
      return toPage(rows, first, (c) => encodeCursor(c.reverifyRequestedAt!, c.id));
    },
  }),
);

builder.mutationField('requestReverification', (t) =>
  t.prismaField({
    type: 'Credential',
    description: 'Puts a verified credential in the re-verification queue and tells its holder (admins).',
    authScopes: { verifier: true },
    args: { id: t.arg.id({ required: true, validate: z.uuid() }), reason: t.arg.string({ required: true, validate: z.string().trim().min(1).max(1000) }) },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await requestReverification(ctx, String(args.id), args.reason);
      return ctx.db.credential.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('confirmReverification', (t) =>
  t.prismaField({
    type: 'Credential',
    description: 'Keeps a queued credential verified and takes it out of the queue (admins). To end it, revokeCredential.',
    authScopes: { $all: { verifier: true, adminStepUp: true } },
    args: { id: t.arg.id({ required: true, validate: z.uuid() }) },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await confirmReverification(ctx, String(args.id));
      return ctx.db.credential.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);
