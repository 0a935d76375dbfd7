import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { AskComposerQuery, AskSpecialistMutation, SpecialistRegionsQuery } from '$lib/graphql/questions.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['specialty', 'country', 'region', 'urgency', 'title', 'body'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const { specialties } = await fromApi(event, () => event.locals.api.request(AskComposerQuery));
  return { specialties };
};

function valuesOf(form: FormData): Values {
  return Object.fromEntries(FIELDS.map((f) => [f, formText(form, f)])) as Values;
}

/**
 * The regions of the chosen specialty and country ([] without a two-letter country): the select's
 * options, each saying whether enough specialists would be notified there.
 */
async function regionsFor(event: RequestEvent, values: Values) {
  const country = values.country.trim().toUpperCase();
  if (!values.specialty || !/^[A-Z]{2}$/.test(country)) return [];
  const result = await attempt(() => event.locals.api.request(SpecialistRegionsQuery, { specialty: values.specialty, country }), FIELDS);
  return result.ok ? result.data.specialistRegions : [];
}

export const actions: Actions = {
  /** Lists the regions for the specialty and country typed so far, without JavaScript (with it, the page fetches ./regions on each change). */
  regions: async (event) => {
    requireVerifiedPhysician(event);
    const values = valuesOf(await event.request.formData());
    const regions = await regionsFor(event, values);
    if (!regions.some((r) => r.name === values.region)) values.region = '';
    return { values, regions };
  },
  /** Asks the question (named, like `regions`: SvelteKit refuses a default action next to a named one). */
  ask: async (event) => {
    requireVerifiedPhysician(event);
    const values = valuesOf(await event.request.formData());
    const urgency = values.urgency === 'URGENT' ? 'URGENT' : 'ROUTINE';
    const country = values.country.trim() || null;
    const result = await attempt(
      () =>
        event.locals.api.request(AskSpecialistMutation, {
          input: { specialty: values.specialty, country, region: country ? values.region || null : null, urgency, title: values.title, body: values.body },
        }),
      FIELDS,
    );
    if (!result.ok) return fail(result.status, { values, errors: result.errors, regions: await regionsFor(event, values) });
    redirect(303, `/discussion/t/${result.data.askSpecialist.id}`);
  },
};
