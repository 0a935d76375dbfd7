import { isSpecialtyCode } from '@consilium/db';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { submitCredential } from '../domain/credentials.ts';
import { isRegistryCode, licenseNumberProblem, normaliseLicenseNumber, REGISTRIES } from '../domain/licence.ts';
import { RoleEnum, VerificationStatusEnum } from './account.ts';

const RegistryMatch = builder.objectRef<{ found: boolean; nameOnRegistry: string | null; specialtyOnRegistry: string | null; agrees: boolean }>('RegistryMatch');
RegistryMatch.implement({
  fields: (t) => ({
    found: t.exposeBoolean('found'),
    nameOnRegistry: t.exposeString('nameOnRegistry', { nullable: true }),
    specialtyOnRegistry: t.exposeString('specialtyOnRegistry', { nullable: true }),
    agrees: t.exposeBoolean('agrees'),
  }),
});

const VerificationReceipt = builder.objectRef<{ registry: string; registryChecked: boolean; registryExtractDate: Date | null; decidedAt: Date | null }>('VerificationReceipt');
VerificationReceipt.implement({
  description: 'What was checked and when: the registry and its extract date, the decision time, and the role that decided — never a name.',
  fields: (t) => ({
    registry: t.exposeString('registry'),
    registryChecked: t.exposeBoolean('registryChecked'),
    registryExtractDate: t.expose('registryExtractDate', { type: 'DateTime', nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    decidedByRole: t.field({ type: RoleEnum, nullable: true, resolve: (r) => (r.decidedAt ? 'ADMIN' : null) }),
  }),
});

export const CredentialRef = builder.prismaObject('Credential', {
  description: 'A medical licence credential: visible to its holder and to admins only.',
  fields: (t) => ({
    id: t.exposeID('id'),
    country: t.exposeString('country'),
    registry: t.exposeString('registry'),
    licenseNumber: t.exposeString('licenseNumber'),
    specialty: t.exposeString('specialty'),
    region: t.exposeString('region', { nullable: true }),
    practiceStartYear: t.exposeInt('practiceStartYear'),
    status: t.expose('status', { type: VerificationStatusEnum }),
    reviewReason: t.exposeString('reviewReason', { nullable: true }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
    registryMatch: t.field({
      type: RegistryMatch,
      nullable: true,
      authScopes: { verifier: true },
      // The holder sees null, not an error: the evidence is for reviewers only.
      unauthorizedResolver: () => null,
      resolve: (c) => ({ found: c.registryFound, nameOnRegistry: c.registryName, specialtyOnRegistry: c.registrySpecialty, agrees: c.registryAgrees }),
    }),
    claimedElsewhere: t.boolean({
      nullable: true,
      description: 'Admins: another account’s credential (not rejected) names the same licence; approving this one needs that one revoked or rejected first. Null for the holder.',
      authScopes: { verifier: true },
      unauthorizedResolver: () => null,
      resolve: (c) => c.claimedElsewhere,
    }),
    receipt: t.field({
      type: VerificationReceipt,
      select: { registry: true, decidedAt: true, registryImportId: true, registryImport: { select: { extractDate: true } } },
      resolve: (c) => ({
        registry: c.registry,
        registryChecked: c.registryImportId !== null,
        registryExtractDate: c.registryImport?.extractDate ?? null,
        decidedAt: c.decidedAt,
      }),
    }),
  }),
});

const THIS_YEAR = new Date().getUTCFullYear();

const CredentialInput = builder.inputType('CredentialInput', {
  fields: (t) => ({
    country: t.string({ required: true, validate: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as FR or BE') }),
    registry: t.string({
      required: true,
      validate: z.string().trim().toUpperCase().refine(isRegistryCode, `must be one of ${Object.keys(REGISTRIES).join(', ')}`),
    }),
    licenseNumber: t.string({ required: true, validate: z.string().max(40).transform(normaliseLicenseNumber).pipe(z.string().min(1)) }),
    specialty: t.string({ required: true, validate: z.string().trim().refine(isSpecialtyCode, 'is not a known specialty code (see the specialties query)') }),
    region: t.string({ validate: z.string().trim().min(1).max(100).optional().nullable() }),
    practiceStartYear: t.int({ required: true, validate: z.number().int().min(1950, 'must be 1950 or later').max(THIS_YEAR, 'cannot be in the future') }),
  }),
  validate: z
    .object({ country: z.string(), registry: z.string(), licenseNumber: z.string() })
    .passthrough()
    .superRefine((input, issues) => {
      if (!isRegistryCode(input.registry)) return;
      const problem = licenseNumberProblem(input.registry, input.licenseNumber);
      if (problem) issues.addIssue({ code: 'custom', path: ['licenseNumber'], message: problem });
      const country = REGISTRIES[input.registry].country;
      if (input.country !== country) issues.addIssue({ code: 'custom', path: ['country'], message: `${input.registry} is a registry of ${country}` });
    }),
});

builder.queryField('myCredential', (t) =>
  t.prismaField({
    type: 'Credential',
    nullable: true,
    authScopes: { physician: true },
    resolve: (query, _root, _args, ctx) => ctx.db.credential.findUnique({ ...query, where: { accountId: ctx.viewer!.accountId } }),
  }),
);

builder.mutationField('submitCredential', (t) =>
  t.prismaField({
    type: 'Credential',
    authScopes: { physician: true },
    args: { input: t.arg({ type: CredentialInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { id } = await submitCredential(ctx, input);
      return ctx.db.credential.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);
