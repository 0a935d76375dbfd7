import { ComposerQuery } from '$lib/graphql/discussion.ts';
import { emptyThreadValues } from '$lib/discussion/composer.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { addOptionAction, createAction, previewAction } from '$lib/server/composer.ts';
import { env } from '$lib/server/env.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  const { rooms, specialties } = await fromApi(event, () => event.locals.api.request(ComposerQuery));
  const asked = event.url.searchParams.get('room') ?? '';
  return { rooms, specialties, maxImageBytes: env.uploadMaxBytes, values: emptyThreadValues(rooms.includes(asked) ? asked : 'general') };
};

export const actions: Actions = {
  preview: previewAction,
  addOption: addOptionAction,
  create: createAction,
};
