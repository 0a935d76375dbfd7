import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, ApiUnavailableError } from '$lib/graphql/errors.ts';
import { fromApi } from './api-load.ts';

const event = { url: new URL('http://web.test/verification?status=VERIFIED') };

function failing(err: unknown) {
  return fromApi(event, () => Promise.reject(err)).catch((e: unknown) => e);
}

const apiError = (code: string) => new ApiError([{ message: code, extensions: { code } }]);

describe('fromApi', () => {
  it('passes the data through', async () => {
    await expect(fromApi(event, async () => ({ ok: 1 }))).resolves.toEqual({ ok: 1 });
  });

  it('answers 503 when the API is down', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(isHttpError(await failing(new ApiUnavailableError('down')), 503)).toBe(true);
  });

  it('sends an ended session to the login page, coming back here', async () => {
    const err = await failing(apiError('UNAUTHENTICATED'));
    expect(isRedirect(err) && err.location).toBe('/login?redirectTo=%2Fverification%3Fstatus%3DVERIFIED');
  });

  it('answers 403 and 400 for refusals and bad parameters', async () => {
    expect(isHttpError(await failing(apiError('FORBIDDEN')), 403)).toBe(true);
    expect(isHttpError(await failing(apiError('BAD_USER_INPUT')), 400)).toBe(true);
  });

  it('lets anything else propagate', async () => {
    const bug = new TypeError('bug');
    expect(await failing(bug)).toBe(bug);
    const other = apiError('INTERNAL_SERVER_ERROR');
    expect(await failing(other)).toBe(other);
  });
});
