import { error } from '@sveltejs/kit';
import { AdminOverviewQuery } from '$lib/graphql/header.ts';
import { MySessionsQuery } from '$lib/graphql/account.ts';
import { MyPasskeysQuery } from '$lib/graphql/passkeys.ts';
import { addPasskeyAction, passkeyNoticeOf, removePasskeyAction, renamePasskeyAction } from '$lib/server/passkeys.ts';
import { PhysicianHomeQuery } from '$lib/graphql/verification.ts';
import { deleteAccountAction, endSessionAction, logoutEverywhereAction, noticeOf } from '$lib/server/account-data.ts';
import { changeEmailAction, mailNoticeOf, resendConfirmationAction } from '$lib/server/email-actions.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { takeFlash } from '$lib/server/flash.ts';
import { labelOf, specialtyLabels } from '$lib/verification/specialties.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { locals } = event;
  // Without the API we cannot tell a visitor from a member: say so rather than guess.
  if (locals.apiUnavailable) error(503, 'API unavailable');
  // One flash cookie holds what was just done: a mail sent, a session ended, the account deleted.
  const flash = takeFlash(event.cookies, event.url.pathname, (value) => value);
  const mailNotice = mailNoticeOf(flash);
  const passkeyNotice = passkeyNoticeOf(flash);
  const notice = noticeOf(flash);
  const viewer = locals.viewer;
  if (!viewer) return { pseudonym: null, notice, mailNotice, passkeyNotice };
  const [{ mySessions }, { myPasskeys }, role] = await Promise.all([
    fromApi(event, () => locals.api.request(MySessionsQuery)),
    fromApi(event, () => locals.api.request(MyPasskeysQuery)),
    roleData(event),
  ]);
  return { ...role, sessions: mySessions, passkeys: myPasskeys, notice, mailNotice, passkeyNotice };
};

async function roleData(event: Parameters<PageServerLoad>[0]) {
  const { locals } = event;
  const viewer = locals.viewer;
  if (viewer?.role === 'ADMIN') {
    const { adminOverview } = await fromApi(event, () => locals.api.request(AdminOverviewQuery));
    return { pseudonym: null, overview: adminOverview };
  }
  if (viewer?.role !== 'PHYSICIAN' || viewer.verificationStatus !== 'VERIFIED') return { pseudonym: null };
  const { me, myCredential, specialties } = await fromApi(event, () => locals.api.request(PhysicianHomeQuery));
  const reverification = myCredential?.reverification ?? null;
  const pseudonym = me?.pseudonym ?? null;
  if (!pseudonym) return { pseudonym: null, reverification };
  return { pseudonym: { pseudonym, specialtyLabel: labelOf(specialtyLabels(specialties), pseudonym.specialty) }, reverification };
}

export const actions: Actions = {
  resendConfirmation: resendConfirmationAction,
  changeEmail: changeEmailAction,
  endSession: endSessionAction,
  logoutEverywhere: logoutEverywhereAction,
  deleteAccount: deleteAccountAction,
  addPasskey: addPasskeyAction,
  renamePasskey: renamePasskeyAction,
  removePasskey: removePasskeyAction,
};
