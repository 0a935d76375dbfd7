import { fail } from '@sveltejs/kit';
import { PushDevicesQuery, SubscribePushMutation, UnsubscribePushMutation } from '$lib/graphql/push.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['endpoint', 'p256dh', 'auth', 'id'] as const;

/** The notification preferences of a physician's account: web push here (PushPreferences). */
export const load: PageServerLoad = async (event) => {
  requireViewer(event, ['PHYSICIAN']);
  const data = await fromApi(event, () => event.locals.api.request(PushDevicesQuery));
  return { push: { publicKey: data.pushPublicKey ?? null, devices: data.myPushDevices } };
};

export const actions: Actions = {
  // Called by the page's script with what PushManager.subscribe() returned (push needs JavaScript).
  subscribe: async (event) => {
    requireViewer(event, ['PHYSICIAN']);
    const form = await event.request.formData();
    const input = { endpoint: formText(form, 'endpoint'), p256dh: formText(form, 'p256dh'), auth: formText(form, 'auth') };
    const result = await attempt(() => event.locals.api.request(SubscribePushMutation, { input }), FIELDS);
    if (!result.ok) return fail(result.status, { errors: result.errors });
    return { subscribed: true };
  },
  // From the device list (a plain form) or from the page's script for this browser (by endpoint).
  unsubscribe: async (event) => {
    requireViewer(event, ['PHYSICIAN']);
    const form = await event.request.formData();
    const id = formText(form, 'id');
    const endpoint = formText(form, 'endpoint');
    const variables: { id: string | null; endpoint: string | null } = id ? { id, endpoint: null } : { endpoint, id: null };
    const result = await attempt(() => event.locals.api.request(UnsubscribePushMutation, variables), FIELDS);
    if (!result.ok) return fail(result.status, { errors: result.errors });
    return { removed: true };
  },
};
