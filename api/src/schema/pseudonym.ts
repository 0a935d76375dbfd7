import { SPECIALTIES, specialtyLabel } from '@consilium/db';
import { builder } from '../builder.ts';
import { pseudonymKey } from '../domain/pseudonyms.ts';

export const PseudonymRef = builder.prismaObject('Pseudonym', {
  description: 'The public persona of a verified physician: a generated handle and a coarse verified badge.',
  // Only the columns a query asks for: the HMAC key (and the moderation flags) never leave the
  // database on a read.
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    handle: t.exposeString('handle'),
    specialty: t.exposeString('specialty'),
    country: t.exposeString('country'),
  }),
});

builder.prismaObjectField('Account', 'pseudonym', (t) =>
  t.prismaField({
    type: 'Pseudonym',
    nullable: true,
    description: 'Only ever returned to its own holder: Account is never reachable by anyone else.',
    resolve: (query, account, _args, ctx) =>
      ctx.db.pseudonym.findUnique({ ...query, where: { key: pseudonymKey(ctx.env.PSEUDONYM_SECRET, account.id) } }),
  }),
);

const SpecialtyRef = builder.objectRef<{ code: string }>('Specialty');
SpecialtyRef.implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    label: t.string({ resolve: (s, _args, ctx) => specialtyLabel(s.code, ctx.locale) }),
  }),
});

builder.queryField('specialties', (t) =>
  t.field({
    type: [SpecialtyRef],
    description: 'The fixed list of specialties; labels follow Accept-Language (fr or en).',
    resolve: () => SPECIALTIES.map(({ code }) => ({ code })),
  }),
);

builder.queryField('rooms', (t) =>
  t.stringList({
    description: 'Discussion rooms: "general" and one per specialty (verified physicians).',
    authScopes: { verifiedPhysician: true },
    resolve: () => ['general', ...SPECIALTIES.map((s) => s.code)],
  }),
);
