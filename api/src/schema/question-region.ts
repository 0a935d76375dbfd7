import { builder } from '../builder.ts';
import { regionChoices } from '../domain/discussion/question-regions.ts';
import { countrySchema } from '../domain/discussion/questions.ts';
import { specialtySchema } from './question.ts';

const SpecialistRegion = builder.objectRef<{ name: string; reachable: boolean }>('SpecialistRegion').implement({
  description: 'A region a question to a specialty in a country may be addressed to, as the verified credentials name it.',
  fields: (t) => ({
    name: t.exposeString('name'),
    reachable: t.exposeBoolean('reachable', {
      description: 'At least k (REPORT_K) opted-in specialists, the viewer aside, would be notified; when false, askSpecialist refuses the region.',
    }),
  }),
});

builder.queryField('specialistRegions', (t) =>
  t.field({
    type: [SpecialistRegion],
    description:
      'The regions of the verified physicians of a specialty in a country that at least k of them share (fewer would single them out), for addressing a question; no count.',
    authScopes: { verifiedPhysician: true },
    args: {
      specialty: t.arg.string({ required: true, validate: specialtySchema }),
      country: t.arg.string({ required: true, validate: countrySchema }),
    },
    resolve: (_root, args, ctx) => regionChoices(ctx, args.specialty, args.country),
  }),
);
