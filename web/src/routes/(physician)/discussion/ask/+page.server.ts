import { fail, redirect } from '@sveltejs/kit';
import { AskComposerQuery, AskSpecialistMutation } from '$lib/graphql/questions.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['specialty', 'country', 'urgency', 'title', 'body'] as const;

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const { specialties } = await fromApi(event, () => event.locals.api.request(AskComposerQuery));
  return { specialties };
};

export const actions: Actions = {
  default: async (event) => {
    requireVerifiedPhysician(event);
    const form = await event.request.formData();
    const values = Object.fromEntries(FIELDS.map((f) => [f, formText(form, f)])) as Record<(typeof FIELDS)[number], string>;
    const urgency = values.urgency === 'URGENT' ? 'URGENT' : 'ROUTINE';
    const result = await attempt(
      () =>
        event.locals.api.request(AskSpecialistMutation, {
          input: { specialty: values.specialty, country: values.country.trim() || null, urgency, title: values.title, body: values.body },
        }),
      FIELDS,
    );
    if (!result.ok) return fail(result.status, { values, errors: result.errors });
    redirect(303, `/discussion/t/${result.data.askSpecialist.id}`);
  },
};
