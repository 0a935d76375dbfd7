/** The browser's side of the web app's JSON endpoints (token, relay, redeem, reach). */
import type { ApiProblem } from '$lib/graphql/errors.ts';

export type JsonResult<T> = { ok: true; data: T } | { ok: false; status: number; problem: ApiProblem };

function unreachable(message: string): ApiProblem {
  return { code: 'API_UNAVAILABLE', reason: null, field: null, message, retryAfterSeconds: null };
}

function isProblem(value: unknown): value is { error: ApiProblem } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as ApiProblem).message === 'string';
}

/**
 * Posts `body` as JSON. `credentials: 'omit'` sends no cookie at all (the anonymous relay);
 * 'same-origin' sends the session cookie (token, redeem). Never throws: a network failure is
 * an API_UNAVAILABLE problem.
 */
export async function postJson<T>(fetcher: typeof fetch, url: string, body: unknown, credentials: RequestCredentials): Promise<JsonResult<T>> {
  let response: Response;
  try {
    response = await fetcher(url, {
      method: 'POST',
      credentials,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    return { ok: false, status: 0, problem: unreachable(err instanceof Error ? err.message : String(err)) };
  }
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok && payload !== null && !isProblem(payload)) return { ok: true, data: payload as T };
  if (isProblem(payload)) return { ok: false, status: response.status, problem: payload.error };
  return { ok: false, status: response.status, problem: unreachable(`HTTP ${response.status}`) };
}
