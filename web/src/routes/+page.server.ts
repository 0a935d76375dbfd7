import { error } from '@sveltejs/kit';
import { AdminOverviewQuery } from '$lib/graphql/header.ts';
import { MySessionsQuery } from '$lib/graphql/account.ts';
import { MyPseudonymQuery } from '$lib/graphql/verification.ts';
import { accountNotice, deleteAccountAction, endSessionAction, logoutEverywhereAction } from '$lib/server/account-data.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { labelOf, specialtyLabels } from '$lib/verification/specialties.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { locals } = event;
  // Without the API we cannot tell a visitor from a member: say so rather than guess.
  if (locals.apiUnavailable) error(503, 'API unavailable');
  const viewer = locals.viewer;
  const notice = accountNotice(event);
  if (!viewer) return { pseudonym: null, notice };
  const [{ mySessions }, role] = await Promise.all([fromApi(event, () => locals.api.request(MySessionsQuery)), roleData(event)]);
  return { ...role, sessions: mySessions, notice };
};

async function roleData(event: Parameters<PageServerLoad>[0]) {
  const { locals } = event;
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
}

export const actions: Actions = {
  endSession: endSessionAction,
  logoutEverywhere: logoutEverywhereAction,
  deleteAccount: deleteAccountAction,
};
