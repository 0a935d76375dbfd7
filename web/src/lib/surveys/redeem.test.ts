import { describe, expect, it } from 'vitest';
import { redeemDue, redeemReceipt } from './redeem.ts';
import { receiptsOf, saveReceipt, type StoredReceipt } from './storage.ts';
import { memoryStore } from './testing.ts';

const receipt = (surveyId: string, redeemAt: number, owner = 'me'): StoredReceipt => ({
  surveyId,
  owner,
  receipt: { message: `m-${surveyId}`, signature: `s-${surveyId}` },
  amountCents: 1500,
  redeemAt,
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const badInput = (reason: string) => ({ error: { code: 'BAD_USER_INPUT', reason, field: 'receipt', message: reason, retryAfterSeconds: null } });

function fakeFetch(respond: (body: { surveyId: string }) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetcher = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return respond(JSON.parse(String(init?.body)) as { surveyId: string });
  };
  return { calls, fetcher: fetcher as typeof fetch };
}

describe('redeemReceipt', () => {
  it('posts the receipt with the session cookie and forgets it once credited', async () => {
    const store = memoryStore();
    saveReceipt(store, receipt('s1', 0));
    const { calls, fetcher } = fakeFetch(() => json({ surveyId: 's1', amountCents: 1500, balanceCents: 3000 }));
    const outcome = await redeemReceipt(store, receipt('s1', 0), fetcher);
    expect(outcome).toEqual({ kind: 'credited', surveyId: 's1', amountCents: 1500, balanceCents: 3000 });
    expect(calls[0]?.url).toBe('/honoraria/redeem');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ surveyId: 's1', receipt: { message: 'm-s1', signature: 's-s1' } });
    expect(receiptsOf(store, 'me')).toEqual([]);
  });

  it.each(['receipt_spent', 'already_redeemed', 'invalid_token'])('forgets a receipt refused as %s', async (reason) => {
    const store = memoryStore();
    saveReceipt(store, receipt('s1', 0));
    const outcome = await redeemReceipt(store, receipt('s1', 0), fakeFetch(() => json(badInput(reason), 400)).fetcher);
    expect(outcome.kind).toBe('settled');
    expect(receiptsOf(store, 'me')).toEqual([]);
  });

  it('keeps it when the session ended, the API is down or the network failed', async () => {
    const store = memoryStore();
    saveReceipt(store, receipt('s1', 0));
    const failures = [
      () => json({ error: { code: 'UNAUTHENTICATED', reason: null, field: null, message: 'log in', retryAfterSeconds: null } }, 401),
      () => json({ error: { code: 'API_UNAVAILABLE', reason: null, field: null, message: 'down', retryAfterSeconds: null } }, 503),
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => new Response('<h1>502</h1>', { status: 502 }),
    ];
    for (const failure of failures) {
      const outcome = await redeemReceipt(store, receipt('s1', 0), fakeFetch(failure).fetcher);
      expect(outcome.kind).toBe('kept');
    }
    expect(receiptsOf(store, 'me')).toHaveLength(1);
  });
});

describe('redeemDue', () => {
  it('redeems only the owner’s receipts whose time has come', async () => {
    const store = memoryStore();
    saveReceipt(store, receipt('due', 1_000));
    saveReceipt(store, receipt('later', 9_000));
    saveReceipt(store, receipt('other', 0, 'someone else'));
    const { calls, fetcher } = fakeFetch(({ surveyId }) => json({ surveyId, amountCents: 1500, balanceCents: 1500 }));
    const outcomes = await redeemDue(store, 'me', 5_000, fetcher);
    expect(outcomes.map((o) => [o.kind, o.surveyId])).toEqual([['credited', 'due']]);
    expect(calls).toHaveLength(1);
    expect(receiptsOf(store, 'me').map((r) => r.surveyId)).toEqual(['later']);
    expect(receiptsOf(store, 'someone else')).toHaveLength(1);
  });

  it('stops at the first failure that would repeat', async () => {
    const store = memoryStore();
    saveReceipt(store, receipt('a', 1));
    saveReceipt(store, receipt('b', 2));
    const { calls, fetcher } = fakeFetch(() => Promise.reject(new TypeError('offline')));
    const outcomes = await redeemDue(store, 'me', 10, fetcher);
    expect(outcomes.map((o) => o.kind)).toEqual(['kept']);
    expect(calls).toHaveLength(1);
    expect(receiptsOf(store, 'me')).toHaveLength(2);
  });
});
