import { SurveyReachQuery } from '$lib/graphql/surveys.ts';
import { badRequest, isRecord, jsonFromApi, jsonViewer, readJson } from '$lib/server/json-api.ts';
import { targetingInput } from '$lib/surveys/survey-form.ts';
import type { RequestHandler } from './$types';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The builder's live reach count: how many verified physicians a targeting reaches (`surveyReach`). */
export const POST: RequestHandler = async (event) => {
  const viewer = jsonViewer(event, ['CLIENT']);
  if (viewer instanceof Response) return viewer;
  const body = await readJson(event.request);
  if (!isRecord(body)) return badRequest('targeting', 'A targeting is required.');
  const targeting = targetingInput({
    specialties: strings(body.specialties),
    countries: strings(body.countries),
    regions: typeof body.regions === 'string' ? body.regions : '',
    minYearsInPractice: typeof body.minYearsInPractice === 'string' ? body.minYearsInPractice.trim() : '',
  });
  return jsonFromApi(async () => (await event.locals.api.request(SurveyReachQuery, { targeting })).surveyReach);
};
