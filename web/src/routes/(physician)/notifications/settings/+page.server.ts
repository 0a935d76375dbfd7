import { error, fail } from '@sveltejs/kit';
import { NotificationSettingsQuery, SetMailFrequencyMutation } from '$lib/graphql/follows.ts';
import { PushDevicesQuery } from '$lib/graphql/push.ts';
import { pushActions } from '$lib/server/push.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { followAction } from '$lib/server/follow.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

const FREQUENCIES = ['OFF', 'IMMEDIATE_DAILY', 'DAILY', 'WEEKLY'] as const;

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const [data, push] = await Promise.all([
    fromApi(event, () => event.locals.api.request(NotificationSettingsQuery)),
    fromApi(event, () => event.locals.api.request(PushDevicesQuery)),
  ]);
  const done = takeFlash(event.cookies, event.url.pathname, (v) => (v === 'frequency' ? ('frequency' as const) : null));
  return { frequency: data.myMailFrequency, follows: data.myFollows, done, push: { publicKey: push.pushPublicKey ?? null, devices: push.myPushDevices } };
};

export const actions: Actions = {
  frequency: async (event) => {
    requireVerifiedPhysician(event);
    const frequency = formText(await event.request.formData(), 'frequency') as (typeof FREQUENCIES)[number];
    if (!FREQUENCIES.includes(frequency)) error(400, 'Bad request');
    const result = await attempt(() => event.locals.api.request(SetMailFrequencyMutation, { frequency }), [] as const);
    if (!result.ok) return fail(result.status, { errors: result.errors });
    redirectDone(event, 'frequency');
  },
  follow: (event) => followAction(event),
  ...pushActions,
};
