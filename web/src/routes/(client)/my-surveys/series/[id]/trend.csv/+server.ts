import { error } from '@sveltejs/kit';
import { SurveySeriesQuery } from '$lib/graphql/waves.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { RequestHandler } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The series' trend as CSV, read with the client's own session (the API decides what it may read). */
export const GET: RequestHandler = async (event) => {
  requireViewer(event, ['CLIENT']);
  if (!UUID.test(event.params.id)) error(404, 'Not found');
  const { surveySeries } = await fromApi(event, () => event.locals.api.request(SurveySeriesQuery, { id: event.params.id }));
  if (!surveySeries) error(404, 'Not found');
  return new Response(surveySeries.trend.csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="trend-${surveySeries.id}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
};
