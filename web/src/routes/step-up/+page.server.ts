import { fail, redirect } from '@sveltejs/kit';
import { StepUpMutation } from '$lib/graphql/second-factor.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { requireAdminFactor, requireViewer } from '$lib/server/guards.ts';
import { safeReturnPath } from '$lib/server/return-path.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['password', 'code'] as const;

/** An admin's re-authentication (password and a code) before approving, revoking, marking paid. */
export const load: PageServerLoad = (event) => {
  requireAdminFactor(requireViewer(event, ['ADMIN']));
  return { redirectTo: safeReturnPath(event.url.searchParams.get('redirectTo')) };
};

export const actions: Actions = {
  default: async (event) => {
    requireAdminFactor(requireViewer(event, ['ADMIN']));
    const form = await event.request.formData();
    const password = formText(form, 'password');
    const code = formText(form, 'code').trim();
    const result = await attempt(() => event.locals.api.request(StepUpMutation, { password, code }), FIELDS);
    if (!result.ok) return fail(result.status, { errors: result.errors });
    redirect(303, safeReturnPath(event.url.searchParams.get('redirectTo')));
  },
};
