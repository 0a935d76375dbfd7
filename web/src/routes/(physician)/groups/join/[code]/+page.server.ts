import { fail, redirect } from '@sveltejs/kit';
import { JoinGroupMutation } from '$lib/graphql/groups.ts';
import { attempt } from '$lib/server/api-action.ts';
import { idempotentApi } from '$lib/server/idempotency.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

// Joining changes something: the link only shows a confirmation, the form joins (a prefetch or a preview never does).
export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  return { code: event.params.code };
};

export const actions: Actions = {
  default: async (event) => {
    requireVerifiedPhysician(event);
    const form = await event.request.formData();
    const result = await attempt(() => idempotentApi(event.locals, form).request(JoinGroupMutation, { code: event.params.code }), ['code'] as const);
    if (!result.ok) return fail(result.status, { errors: result.errors });
    redirect(303, `/groups/${result.data.joinGroup.id}`);
  },
};
