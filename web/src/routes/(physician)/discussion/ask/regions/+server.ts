import { SpecialistRegionsQuery } from '$lib/graphql/questions.ts';
import { badRequest, jsonFromApi, jsonViewer } from '$lib/server/json-api.ts';
import type { RequestHandler } from './$types';

/**
 * The regions of a specialty in a country (`?specialty=cardiology&country=FR`), for the ask page's
 * region select once JavaScript runs: `[{ name, reachable }]`, [] without a two-letter country.
 * Without JavaScript the page's `?/regions` action renders the same list.
 */
export const GET: RequestHandler = async (event) => {
  const viewer = jsonViewer(event, ['PHYSICIAN']);
  if (viewer instanceof Response) return viewer;
  const specialty = event.url.searchParams.get('specialty')?.trim() ?? '';
  const country = (event.url.searchParams.get('country') ?? '').trim().toUpperCase();
  if (!specialty || !country) return Response.json([]);
  if (!/^[A-Z]{2}$/.test(country)) return badRequest('country', 'country must be two letters.');
  return jsonFromApi(async () => (await event.locals.api.request(SpecialistRegionsQuery, { specialty, country })).specialistRegions);
};
