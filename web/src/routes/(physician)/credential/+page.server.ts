import { fail, redirect } from '@sveltejs/kit';
import { MyCredentialQuery, SubmitCredentialMutation } from '$lib/graphql/verification.ts';
import { attempt } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import { idempotentApi } from '$lib/server/idempotency.ts';
import { CREDENTIAL_FIELDS, readCredentialForm } from '$lib/verification/credential-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['PHYSICIAN']);
  const { myCredential, specialties, me } = await fromApi(event, () => event.locals.api.request(MyCredentialQuery));
  // A revoked physician keeps their pseudonym for a later re-verification, but may not use it.
  const pseudonym = myCredential?.status === 'VERIFIED' ? (me?.pseudonym ?? null) : null;
  return { credential: myCredential, specialties, pseudonym };
};

export const actions: Actions = {
  default: async (event) => {
    requireViewer(event, ['PHYSICIAN']);
    const form = await event.request.formData();
    const read = readCredentialForm(form);
    if (!read.ok) return fail(400, { values: read.values, errors: read.errors });
    const { input } = read;
    const result = await attempt(
      () => idempotentApi(event.locals, form).request(SubmitCredentialMutation, { input }),
      CREDENTIAL_FIELDS,
    );
    if (!result.ok) return fail(result.status, { values: read.values, errors: result.errors });
    // The page shows the pending credential and its receipt; a reload does not post again.
    redirect(303, '/credential');
  },
};
