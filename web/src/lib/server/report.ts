import { error, type RequestEvent } from '@sveltejs/kit';
import { ReportQuery } from '$lib/graphql/reports.ts';
import { specialtyLabels } from '$lib/verification/specialties.ts';
import { fromApi } from './api-load.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A survey's report with the specialty names its cross-tabs need, for the client's and the
 * admin's report pages (the API decides who may read it); 404 for a malformed or unknown id.
 */
export async function loadReport(event: Pick<RequestEvent, 'locals' | 'url'>, surveyId: string) {
  if (!UUID.test(surveyId)) error(404, 'Not found');
  const { report, specialties } = await fromApi(event, () => event.locals.api.request(ReportQuery, { surveyId }));
  if (!report) error(404, 'Not found');
  return { report, specialties: specialtyLabels(specialties) };
}
