import { afterEach, describe, expect, it, vi } from 'vitest';
import { relayAnswers, responseInputOf } from './relay.ts';

const input = {
  surveyId: '0b7f1c2e-8a51-4c55-9b5e-2f7f0d6a1c11',
  segment: 'cardiology|FR|10-19',
  token: { message: 'bWVzc2FnZQ', signature: 'c2lnbmF0dXJl' },
  answers: [
    { questionId: 'q1', choiceIds: ['c1'] },
    { questionId: 'q2', number: 12 },
    { questionId: 'q3', text: 'Because.' },
  ],
  receiptBlindedMessage: 'YmxpbmRlZA',
};

function fakeApi(body: unknown, status = 200) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

const options = (fetch: typeof globalThis.fetch) => ({ apiUrl: 'http://api.test/graphql', fetch });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('relayAnswers', () => {
  it('forwards submitSurveyResponse with nothing about the sender', async () => {
    const { calls, fetch } = fakeApi({ data: { submitSurveyResponse: { receiptBlindSignature: 'c2ln' } } });
    const response = await relayAnswers({ input }, options(fetch));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ receiptBlindSignature: 'c2ln' });

    const headers = Object.fromEntries(Object.entries(calls[0]?.init.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    expect(Object.keys(headers).sort()).toEqual(['accept', 'content-type']);
    expect(calls[0]?.init.credentials).toBeUndefined();
    const sent = JSON.parse(String(calls[0]?.init.body)) as { query: string; variables: unknown };
    expect(sent.query).toContain('submitSurveyResponse');
    expect(sent.variables).toEqual({ input });
  });

  it('passes the API\'s global answer limit on as 429 with Retry-After (the relay keeps no count of its own)', async () => {
    const limited = { errors: [{ message: 'Too many attempts. Try again in 1 seconds.', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 } }], data: null };
    const { fetch } = fakeApi(limited, 429);
    const response = await relayAnswers({ input }, options(fetch));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ error: { code: 'RATE_LIMITED', retryAfterSeconds: 1 } });
  });

  it('copies only the fields of SurveyResponseInput', () => {
    const extra = {
      input: { ...input, accountId: 'acc', answers: [{ questionId: 'q1', choiceIds: ['c1'], email: 'dr@x.fr' }] },
      session: 'tok',
    };
    expect(responseInputOf(extra)).toEqual({ ...input, answers: [{ questionId: 'q1', choiceIds: ['c1'] }] });
  });

  it('copies a matrix answer’s items and an "other" text, field by field', () => {
    const answers = [
      { questionId: 'm', items: [{ itemId: 'i1', choiceId: 'p4', note: 'x' }] },
      { questionId: 'o', choiceIds: ['other'], otherText: 'Podcasts' },
    ];
    expect(responseInputOf({ input: { ...input, answers } })).toEqual({
      ...input,
      answers: [{ questionId: 'm', items: [{ itemId: 'i1', choiceId: 'p4' }] }, { questionId: 'o', choiceIds: ['other'], otherText: 'Podcasts' }],
    });
    expect(responseInputOf({ input: { ...input, answers: [{ questionId: 'm', items: [{ itemId: 'i1' }] }] } })).toBeNull();
  });

  it('refuses a body that is not a survey response, without calling the API', async () => {
    const { calls, fetch } = fakeApi({});
    for (const body of [null, {}, { input: { ...input, token: 'x' } }, { input: { ...input, answers: [{ number: 1 }] } }]) {
      const response = await relayAnswers(body, options(fetch));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', field: 'input' } });
    }
    expect(calls).toHaveLength(0);
  });

  it('passes the API’s refusal on, field and reason included', async () => {
    const error = { message: 'question 2: give a number from 0 to 80.', extensions: { code: 'BAD_USER_INPUT', field: 'answers.1', reason: 'invalid_answer' } };
    const response = await relayAnswers({ input }, options(fakeApi({ errors: [error] }).fetch));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'BAD_USER_INPUT', reason: 'invalid_answer', field: 'answers.1', message: error.message, retryAfterSeconds: null },
    });
  });

  it('logs nothing, even when the API cannot be reached', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) => vi.spyOn(console, name).mockImplementation(() => {}));
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    const response = await relayAnswers({ input }, options(down));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'API_UNAVAILABLE' } });
    await relayAnswers({ input }, options(fakeApi({ data: { submitSurveyResponse: { receiptBlindSignature: 'x' } } }).fetch));
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
