import { error } from '@sveltejs/kit';
import { AdminOverviewQuery } from '$lib/graphql/header.ts';
import { MyPseudonymQuery } from '$lib/graphql/verification.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { labelOf, specialtyLabels } from '$lib/verification/specialties.ts';
import { fail } from '@sveltejs/kit';
import { RequestEmailChangeMutation, ResendEmailConfirmationMutation } from '$lib/graphql/account-mail.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import type { Actions, PageServerLoad } from './$types';

const MAIL_NOTICES = ['resent', 'change-sent'] as const;
type MailNotice = (typeof MAIL_NOTICES)[number];

export const load: PageServerLoad = async (event) => {
  const mailNotice = takeFlash(event.cookies, event.url.pathname, (value) => (MAIL_NOTICES.includes(value as MailNotice) ? (value as MailNotice) : null));
  return { mailNotice, ...(await account(event)) };
};

async function account(event: Parameters<PageServerLoad>[0]) {
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
}

export const actions: Actions = {
  resendConfirmation: async (event) => {
    const result = await attempt(() => event.locals.api.request(ResendEmailConfirmationMutation), []);
    if (!result.ok) return fail(result.status, { resend: result.errors });
    redirectDone(event, 'resent');
  },
  changeEmail: async (event) => {
    const form = await event.request.formData();
    const newEmail = formText(form, 'newEmail').trim();
    const password = formText(form, 'password');
    const result = await attempt(() => event.locals.api.request(RequestEmailChangeMutation, { newEmail, password }), ['newEmail', 'password'] as const);
    if (!result.ok) return fail(result.status, { newEmail, change: result.errors });
    redirectDone(event, 'change-sent');
  },
};
