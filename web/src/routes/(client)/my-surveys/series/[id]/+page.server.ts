import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { askToConfirm, isConfirmed } from '$lib/confirm.ts';
import { StopSurveySeriesMutation, SurveySeriesQuery } from '$lib/graphql/waves.ts';
import { attempt } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Done = { stopped: true };
const asDone = (value: unknown): Done | null => (typeof value === 'object' && value !== null && 'stopped' in value ? { stopped: true } : null);

export const load: PageServerLoad = async (event) => {
  requireViewer(event, ['CLIENT']);
  if (!UUID.test(event.params.id)) error(404, 'Not found');
  const { surveySeries } = await fromApi(event, () => event.locals.api.request(SurveySeriesQuery, { id: event.params.id }));
  // Another organisation's series reads as no series at all.
  if (!surveySeries) error(404, 'Not found');
  return { series: surveySeries, done: takeFlash(event.cookies, event.url.pathname, asDone) };
};

async function run<R>(event: RequestEvent, call: () => Promise<R>) {
  requireViewer(event, ['CLIENT']);
  if (!UUID.test(event.params.id ?? '')) error(404, 'Not found');
  return attempt(call, []);
}

export const actions: Actions = {
  stop: async (event) => {
    if (!isConfirmed(await event.request.formData())) return askToConfirm('stop');
    const result = await run(event, () => event.locals.api.request(StopSurveySeriesMutation, { id: event.params.id }));
    if (!result.ok) return fail(result.status, { errors: result.errors });
    redirectDone(event, { stopped: true } satisfies Done);
  },
};
