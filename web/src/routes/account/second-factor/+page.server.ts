import { fail } from '@sveltejs/kit';
import {
  ConfirmTotpEnrolmentMutation,
  RegenerateRecoveryCodesMutation,
  RemoveTotpMutation,
  SecondFactorQuery,
  StartTotpEnrolmentMutation,
} from '$lib/graphql/second-factor.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['code', 'password'] as const;
const asDone = (value: unknown): 'removed' | null => (value === 'removed' ? value : null);

/** The account's authenticator app: set it up, its recovery codes, remove it. Open to every signed-in account. */
export const load: PageServerLoad = async (event) => {
  requireViewer(event);
  const { me } = await fromApi(event, () => event.locals.api.request(SecondFactorQuery));
  return {
    factor: me!,
    // An admin sent here by an admin page, or signed in without a factor: say why.
    required: me!.role === 'ADMIN' && !me!.signedInWithSecondFactor,
    done: takeFlash(event.cookies, event.url.pathname, asDone),
  };
};

/** A started enrolment travels in the confirmation form, so that a wrong code shows it again. */
function enrolmentOf(form: FormData) {
  const secret = formText(form, 'secret');
  const uri = formText(form, 'uri');
  const qrCode = formText(form, 'qrCode');
  return secret && uri.startsWith('otpauth://') && qrCode.startsWith('data:image/svg+xml;base64,') ? { secret, uri, qrCode } : null;
}

export const actions: Actions = {
  start: async (event) => {
    requireViewer(event);
    const result = await attempt(() => event.locals.api.request(StartTotpEnrolmentMutation), FIELDS);
    if (!result.ok) return fail(result.status, { errors: result.errors });
    return { enrolment: result.data.startTotpEnrolment };
  },
  confirm: async (event) => {
    requireViewer(event);
    const form = await event.request.formData();
    const code = formText(form, 'code').trim();
    const result = await attempt(() => event.locals.api.request(ConfirmTotpEnrolmentMutation, { code }), FIELDS);
    if (!result.ok) return fail(result.status, { enrolment: enrolmentOf(form), errors: result.errors });
    return { recoveryCodes: result.data.confirmTotpEnrolment, enrolled: true };
  },
  regenerate: async (event) => {
    requireViewer(event);
    const form = await event.request.formData();
    const code = formText(form, 'code').trim();
    const result = await attempt(() => event.locals.api.request(RegenerateRecoveryCodesMutation, { code }), FIELDS);
    if (!result.ok) return fail(result.status, { action: 'regenerate', errors: result.errors });
    return { recoveryCodes: result.data.regenerateRecoveryCodes };
  },
  remove: async (event) => {
    requireViewer(event);
    const form = await event.request.formData();
    const password = formText(form, 'password');
    const code = formText(form, 'code').trim();
    const result = await attempt(() => event.locals.api.request(RemoveTotpMutation, { password, code }), FIELDS);
    if (!result.ok) return fail(result.status, { action: 'remove', errors: result.errors });
    redirectDone(event, 'removed');
  },
};
