import { fail } from '@sveltejs/kit';
import { MarkNotificationsReadMutation, NotificationsQuery } from '$lib/graphql/discussion.ts';
import { SetSpecialistAvailabilityMutation, SpecialistAvailabilityQuery } from '$lib/graphql/questions.ts';
import { cursorOf } from '$lib/discussion/query.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone } from '$lib/server/flash.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[A-Za-z0-9-]{1,64}$/;

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const after = cursorOf(event.url.searchParams);
  const unreadOnly = event.url.searchParams.get('unread') === '1';
  const [{ notifications, specialties }, availability] = await Promise.all([
    fromApi(event, () => event.locals.api.request(NotificationsQuery, { after, unreadOnly })),
    event.locals.api.request(SpecialistAvailabilityQuery).then((d) => d.mySpecialistAvailability, () => null),
  ]);
  return {
    items: notifications.edges.map((e) => e.node),
    pageInfo: notifications.pageInfo,
    unreadCount: notifications.unreadCount,
    unreadOnly,
    after,
    specialties,
    availability,
  };
};

const hourOf = (text: string) => (text.trim() === '' ? null : Number(text));

export const actions: Actions = {
  /** Ask a specialist: the opt-in to questions for the viewer's specialty, with quiet hours. */
  availability: async (event) => {
    requireVerifiedPhysician(event);
    const form = await event.request.formData();
    const input = {
      optedIn: formText(form, 'optedIn') === 'on',
      quietStartHour: hourOf(formText(form, 'quietStartHour')),
      quietEndHour: hourOf(formText(form, 'quietEndHour')),
      timeZone: formText(form, 'timeZone').trim() || null,
    };
    const result = await attempt(() => event.locals.api.request(SetSpecialistAvailabilityMutation, { input }), ['quietStartHour', 'quietEndHour', 'timeZone'] as const);
    if (!result.ok) return fail(result.status, { availabilityErrors: result.errors });
    redirectDone(event, null);
  },
  /** Marks the notifications named by `id` fields read; with none, all of them. */
  read: async (event) => {
    requireVerifiedPhysician(event);
    const form = await event.request.formData();
    const ids = form.getAll('id').filter((v): v is string => typeof v === 'string' && ID.test(v));
    const result = await attempt(() => event.locals.api.request(MarkNotificationsReadMutation, { ids: ids.length > 0 ? ids : null }), [] as const);
    if (!result.ok) return fail(result.status, { errors: result.errors });
    // The list and the count say it: back to the same list (`?unread=1`, its page), no notice.
    redirectDone(event, null);
  },
};
