import { fail, type RequestEvent } from '@sveltejs/kit';
import { SubscribePushMutation, UnsubscribePushMutation } from '$lib/graphql/push.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { requireViewer } from '$lib/server/guards.ts';

const FIELDS = ['endpoint', 'p256dh', 'auth', 'id'] as const;

/** Web push's form actions (PushPreferences), on the notification settings page. */
export const pushActions = {
  // Called by the page's script with what PushManager.subscribe() returned (push needs JavaScript).
  subscribe: async (event: RequestEvent) => {
    requireViewer(event, ['PHYSICIAN']);
    const form = await event.request.formData();
    const input = { endpoint: formText(form, 'endpoint'), p256dh: formText(form, 'p256dh'), auth: formText(form, 'auth') };
    const result = await attempt(() => event.locals.api.request(SubscribePushMutation, { input }), FIELDS);
    if (!result.ok) return fail(result.status, { errors: result.errors });
    return { subscribed: true };
  },
  // From the device list (a plain form) or from the page's script for this browser (by endpoint).
  unsubscribe: async (event: RequestEvent) => {
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
