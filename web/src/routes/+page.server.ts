import { error } from '@sveltejs/kit';
import { AdminOverviewQuery } from '$lib/graphql/header.ts';
import { MyPseudonymQuery } from '$lib/graphql/verification.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { labelOf, specialtyLabels } from '$lib/verification/specialties.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { locals } = event;
  // Without the API we cannot tell a visitor from a member: say so rather than guess.
  if (locals.apiUnavailable) error(503, 'API unavailable');
  const viewer = locals.viewer;
  if (viewer?.role === 'ADMIN') {
    const { adminOverview } = await fromApi(event, () => locals.api.request(AdminOverviewQuery));
    return { pseudonym: null, overview: adminOverview };
  }
  if (viewer?.role !== 'PHYSICIAN' || viewer.verificationStatus !== 'VERIFIED') return { pseudonym: null };
  const { me, specialties } = await fromApi(event, () => locals.api.request(MyPseudonymQuery));
  const pseudonym = me?.pseudonym ?? null;
  if (!pseudonym) return { pseudonym: null };
  return { pseudonym: { pseudonym, specialtyLabel: labelOf(specialtyLabels(specialties), pseudonym.specialty) } };
};
