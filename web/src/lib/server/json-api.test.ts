import { describe, expect, it, vi } from 'vitest';
import { ApiError, ApiUnavailableError } from '$lib/graphql/errors.ts';
import type { Viewer } from '$lib/graphql/operations.ts';
import { jsonFromApi, jsonViewer, readJson } from './json-api.ts';

const physician: Viewer = { id: '1', email: 'doc@example.fr', emailConfirmed: true, role: 'PHYSICIAN', verificationStatus: 'VERIFIED', staffRoles: [], signedInWithSecondFactor: false, organization: null };
const event = (viewer: Viewer | null, apiUnavailable = false) => ({ locals: { viewer, apiUnavailable } as App.Locals });

describe('jsonViewer', () => {
  it('answers in JSON rather than redirecting', async () => {
    expect(jsonViewer(event(physician), ['PHYSICIAN'])).toBe(physician);
    const cases: [Viewer | null, boolean, number, string][] = [
      [null, false, 401, 'UNAUTHENTICATED'],
      [null, true, 503, 'API_UNAVAILABLE'],
      [physician, false, 403, 'FORBIDDEN'],
    ];
    for (const [viewer, down, status, code] of cases) {
      const response = jsonViewer(event(viewer, down), viewer ? ['CLIENT'] : ['PHYSICIAN']) as Response;
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code } });
    }
  });
});

describe('readJson', () => {
  it('reads a JSON body only', async () => {
    const post = (body: string, type: string) => new Request('http://web.test/x', { method: 'POST', body, headers: { 'content-type': type } });
    expect(await readJson(post('{"a":1}', 'application/json; charset=utf-8'))).toEqual({ a: 1 });
    expect(await readJson(post('{"a":1}', 'text/plain'))).toBeNull();
    expect(await readJson(post('{not json', 'application/json'))).toBeNull();
  });
});

describe('jsonFromApi', () => {
  it('passes data through and turns the expected failures into problems', async () => {
    expect(await (await jsonFromApi(async () => ({ ok: 1 }))).json()).toEqual({ ok: 1 });
    const refused = await jsonFromApi(() =>
      Promise.reject(new ApiError([{ message: 'taken', extensions: { code: 'BAD_USER_INPUT', reason: 'already_taken', field: 'surveyId' } }])),
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { reason: 'already_taken', field: 'surveyId' } });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect((await jsonFromApi(() => Promise.reject(new ApiUnavailableError('down')))).status).toBe(503);
    await expect(jsonFromApi(() => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
  });
});
