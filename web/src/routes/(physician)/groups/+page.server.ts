import { fail, redirect } from '@sveltejs/kit';
import { CreateGroupMutation, MyGroupsQuery } from '$lib/graphql/groups.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { idempotentApi } from '$lib/server/idempotency.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

const KINDS = ['GLEM', 'HOSPITAL_TEAM', 'RESIDENTS', 'OTHER'] as const;
type Kind = (typeof KINDS)[number];

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const { myGroups } = await fromApi(event, () => event.locals.api.request(MyGroupsQuery));
  return { groups: myGroups };
};

export const actions: Actions = {
  create: async (event) => {
    requireVerifiedPhysician(event);
    const form = await event.request.formData();
    const values = { name: formText(form, 'name'), description: formText(form, 'description'), kind: formText(form, 'kind') };
    const kind: Kind = (KINDS as readonly string[]).includes(values.kind) ? (values.kind as Kind) : 'OTHER';
    const result = await attempt(
      () => idempotentApi(event.locals, form).request(CreateGroupMutation, { input: { name: values.name, description: values.description || null, kind } }),
      ['name', 'description', 'kind'] as const,
    );
    if (!result.ok) return fail(result.status, { values, errors: result.errors });
    redirect(303, `/groups/${result.data.createGroup.id}`);
  },
  join: async (event) => {
    requireVerifiedPhysician(event);
    const form = await event.request.formData();
    const code = formText(form, 'code').trim();
    redirect(303, `/groups/join/${encodeURIComponent(code || '-')}`);
  },
};
