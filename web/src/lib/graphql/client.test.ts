import { describe, expect, it } from 'vitest';
import { createApiClient } from './client.ts';
import { ApiError, ApiUnavailableError } from './errors.ts';
import { LoginMutation, LogoutMutation, MeQuery } from './operations.ts';

function fakeFetch(respond: (init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return respond(init ?? {});
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const base = { url: 'http://api.test/graphql', locale: 'en', clientAddress: '203.0.113.7' };

describe('createApiClient', () => {
  it('forwards the session, the locale and the visitor address', async () => {
    const { calls, fetch } = fakeFetch(() => json({ data: { logout: true } }));
    const api = createApiClient({ ...base, token: 'tok', fetch });
    await expect(api.request(LogoutMutation)).resolves.toEqual({ logout: true });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(calls[0]?.url).toBe('http://api.test/graphql');
    expect(headers.authorization).toBe('Bearer tok');
    expect(headers['accept-language']).toBe('en');
    expect(headers['x-forwarded-for']).toBe('203.0.113.7');
  });

  it('sends the operation text and variables, and no Authorization without a session', async () => {
    const { calls, fetch } = fakeFetch(() =>
      json({ data: { login: { token: 't', expiresAt: '2030-01-01T00:00:00Z', account: null } } }),
    );
    const api = createApiClient({ ...base, token: null, fetch });
    await api.request(LoginMutation, { email: 'a@b.fr', password: 'secret' });
    const body = JSON.parse(String(calls[0]?.init.body)) as { query: string; variables: unknown };
    expect(body.query).toContain('mutation Login');
    expect(body.query).toContain('fragment AccountFields on Account');
    expect(body.variables).toEqual({ email: 'a@b.fr', password: 'secret' });
    expect((calls[0]?.init.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it('hands on the read-your-writes mark a write returned, and sends back the one it was given', async () => {
    const { calls, fetch } = fakeFetch(() =>
      new Response(JSON.stringify({ data: { logout: true } }), { headers: { 'content-type': 'application/json', 'x-read-primary-until': '1800000000000' } }),
    );
    const marks: string[] = [];
    const api = createApiClient({ ...base, token: 'tok', fetch, readPrimaryUntil: '1799999999000', onReadPrimaryUntil: (mark) => marks.push(mark) });
    await api.request(LogoutMutation);
    expect((calls[0]?.init.headers as Record<string, string>)['x-read-primary-until']).toBe('1799999999000');
    expect(marks).toEqual(['1800000000000']);
  });

  it("sends the page request's id, so that the web's and the API's log lines share it", async () => {
    const { calls, fetch } = fakeFetch(() => json({ data: { logout: true } }));
    await createApiClient({ ...base, token: 'tok', fetch, requestId: 'req-0123456789' }).request(LogoutMutation);
    await createApiClient({ ...base, token: 'tok', fetch }).request(LogoutMutation);
    const [withId, without] = calls.map((c) => c.init.headers as Record<string, string>);
    expect(withId?.['x-request-id']).toBe('req-0123456789');
    expect(without?.['x-request-id']).toBeUndefined();
  });

  it('sends Idempotency-Key only from the client made for it, the rest unchanged', async () => {
    const { calls, fetch } = fakeFetch(() => json({ data: { logout: true } }));
    const api = createApiClient({ ...base, token: 'tok', fetch });
    await api.idempotent('k-0123456789abcdef').request(LogoutMutation);
    await api.request(LogoutMutation);
    const [keyed, plain] = calls.map((c) => c.init.headers as Record<string, string>);
    expect(keyed?.['idempotency-key']).toBe('k-0123456789abcdef');
    expect(keyed?.authorization).toBe('Bearer tok');
    expect(plain?.['idempotency-key']).toBeUndefined();
  });

  it('throws ApiError for GraphQL errors, whatever the HTTP status', async () => {
    const errors = [{ message: 'Bad', extensions: { code: 'BAD_USER_INPUT', field: 'email', reason: 'invalid_email' } }];
    for (const status of [200, 400]) {
      const api = createApiClient({ ...base, token: null, fetch: fakeFetch(() => json({ errors }, status)).fetch });
      const failure = await api.request(MeQuery).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).errors).toEqual(errors);
    }
  });

  it('throws ApiUnavailableError when the API cannot be reached or does not speak GraphQL', async () => {
    const refused = createApiClient({
      ...base,
      token: null,
      fetch: fakeFetch(() => Promise.reject(new TypeError('fetch failed'))).fetch,
    });
    await expect(refused.request(MeQuery)).rejects.toBeInstanceOf(ApiUnavailableError);

    const proxyError = createApiClient({
      ...base,
      token: null,
      fetch: fakeFetch(() => new Response('<h1>502 Bad Gateway</h1>', { status: 502 })).fetch,
    });
    await expect(proxyError.request(MeQuery)).rejects.toBeInstanceOf(ApiUnavailableError);
  });
});

describe('an anonymous client', () => {
  it('sends no session, no language and no visitor address', async () => {
    const { calls, fetch } = fakeFetch(() => json({ data: { logout: true } }));
    const api = createApiClient({ url: base.url, token: null, locale: null, clientAddress: null, fetch });
    await api.request(LogoutMutation);
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(Object.keys(headers).sort()).toEqual(['accept', 'content-type']);
  });
});
