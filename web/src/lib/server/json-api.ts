/**
 * The web app's JSON endpoints, which the browser calls with `fetch` (the survey token, the
 * anonymous relay, redeeming receipts, the reach count). A failure answers with the status a
 * form action would use and `{ error: ApiProblem }`.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import {
  ApiError,
  ApiUnavailableError,
  problemOf,
  statusFor,
  unavailableProblem,
  type ApiProblem,
} from '$lib/graphql/errors.ts';
import type { Role, Viewer } from '$lib/graphql/operations.ts';

export function problemResponse(problem: ApiProblem): Response {
  const retryAfter = problem.retryAfterSeconds ? { 'retry-after': String(Math.ceil(problem.retryAfterSeconds)) } : undefined;
  return json({ error: problem }, { status: statusFor({ fields: {}, form: problem }), headers: retryAfter });
}

/** A request the endpoint cannot read: named like the API's own input errors. */
export function badRequest(field: string, message: string): Response {
  return problemResponse({ code: 'BAD_USER_INPUT', reason: 'invalid', field, message, retryAfterSeconds: null });
}

export function unavailableResponse(): Response {
  return problemResponse({ ...unavailableProblem(), field: null });
}

/** The request's JSON body, or null when it is not JSON (a form post from another site, say). */
export async function readJson(request: Request): Promise<unknown> {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) return null;
  return request.json().catch(() => null);
}

/** The signed-in account of an allowed role, or the JSON answer for anyone else. */
export function jsonViewer(event: Pick<RequestEvent, 'locals'>, roles: readonly Role[]): Viewer | Response {
  const { viewer, apiUnavailable } = event.locals;
  if (!viewer) {
    if (apiUnavailable) return unavailableResponse();
    return problemResponse({ code: 'UNAUTHENTICATED', reason: null, field: null, message: 'Log in first.', retryAfterSeconds: null });
  }
  if (!roles.includes(viewer.role)) {
    return problemResponse({ code: 'FORBIDDEN', reason: null, field: null, message: 'Not allowed.', retryAfterSeconds: null });
  }
  return viewer;
}

/** Runs an API call for a JSON endpoint: its data, or the expected failure as a problem. */
export async function jsonFromApi<R>(run: () => Promise<R>): Promise<Response> {
  try {
    return json(await run());
  } catch (err) {
    if (err instanceof ApiUnavailableError) {
      console.error(`[web] ${err.message}`);
      return unavailableResponse();
    }
    if (err instanceof ApiError) return problemResponse(problemOf(err));
    throw err;
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
