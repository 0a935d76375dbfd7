import { error, fail } from '@sveltejs/kit';
import { BillingQuery, UpdateBillingMutation } from '$lib/graphql/builder.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['name', 'billingAddress', 'postalCode', 'city', 'country', 'vatNumber'] as const;
type Field = (typeof FIELDS)[number];

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['CLIENT']);
  const { me } = await fromApi(event, () => event.locals.api.request(BillingQuery));
  if (!me?.organization) error(404, 'Not found');
  return { organization: me.organization, saved: takeFlash(event.cookies, event.url.pathname, (v) => v === true) };
};

export const actions: Actions = {
  default: async (event) => {
    requireViewer(event, ['CLIENT']);
    const form = await event.request.formData();
    const values = Object.fromEntries(FIELDS.map((f) => [f, formText(form, f).trim()])) as Record<Field, string>;
    const input = { ...values, postalCode: values.postalCode || null, vatNumber: values.vatNumber || null };
    const result = await attempt(() => event.locals.api.request(UpdateBillingMutation, { input }), FIELDS);
    if (!result.ok) return fail(result.status, { values, errors: result.errors });
    redirectDone(event, true);
  },
};
