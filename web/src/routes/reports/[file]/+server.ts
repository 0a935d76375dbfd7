import { error } from '@sveltejs/kit';
import { forwardFile, REPORT_FILE } from '$lib/server/api-files.ts';
import { env } from '$lib/server/env.ts';
import type { RequestHandler } from './$types';

/**
 * A report's CSV export (`Report.csvUrl`): the signed, expiring link is passed on as it came,
 * query string and all, without the session — the signature is the credential, and the API
 * answers 403 once it has expired or was altered. Only the language goes with it.
 */
export const GET: RequestHandler = async (event) => {
  if (!REPORT_FILE.test(event.params.file)) error(404, 'Not found');
  // In the client's language: the API labels questions and choices in it (docs/survey-languages.md).
  const answer = await forwardFile({ apiUrl: env.apiUrl, path: `/reports/${event.params.file}${event.url.search}`, token: null, acceptLanguage: event.locals.locale });
  if (answer.ok) return answer.response;
  error(answer.status, answer.status === 503 ? 'API unavailable' : 'Not available');
};
