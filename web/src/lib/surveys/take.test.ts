import { RSABSSA } from '@cloudflare/blindrsa-ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCode, RELAY_ENDPOINT, resumeWithCode, sendAnswers, takeToken, tokenEndpoint } from './take.ts';

const toBase64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromBase64url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));

const suite = RSABSSA.SHA384.PSS.Randomized();
let keys: CryptoKeyPair;
let publicKey: string;

beforeAll(async () => {
  keys = await suite.generateKey({ modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) });
  publicKey = toBase64url(new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey)));
});

/** The server's side: blind-signs whatever blinded message the request carries. */
function signingServer(field: 'blindedMessage' | 'receiptBlindedMessage', reply: (signature: string) => unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetcher = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const body = JSON.parse(String(init?.body)) as { blindedMessage?: string; input?: { receiptBlindedMessage: string } };
    const blinded = field === 'blindedMessage' ? body.blindedMessage! : body.input!.receiptBlindedMessage;
    const signature = toBase64url(await suite.blindSign(keys.privateKey, fromBase64url(blinded)));
    return new Response(JSON.stringify(reply(signature)), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetcher };
}

describe('takeToken', () => {
  it('has a blinded message signed with the session, and unblinds a token that verifies', async () => {
    const { calls, fetcher } = signingServer('blindedMessage', (blindSignature) => ({ segment: 'cardiology|FR|10-19', blindSignature }));
    const result = await takeToken(fetcher, 'survey-1', 'cardiology|FR|10-19', publicKey);
    if (!result.ok) throw new Error(result.problem.message);
    expect(result.segment).toBe('cardiology|FR|10-19');
    expect(calls[0]?.url).toBe(tokenEndpoint('survey-1'));
    expect(calls[0]?.init.credentials).toBe('same-origin');
    // The server saw the blinded message only: not the token's message.
    expect(String(calls[0]?.init.body)).not.toContain(result.token.message);
    const verifyKey = await crypto.subtle.importKey('spki', fromBase64url(publicKey), { name: 'RSA-PSS', hash: 'SHA-384' }, true, ['verify']);
    expect(await suite.verify(verifyKey, fromBase64url(result.token.signature), fromBase64url(result.token.message))).toBe(true);
  }, 20_000);

  it('sends a copy sealed under a fresh resume code, which gives the same token back on another device', async () => {
    let blindSignature = '';
    const { calls, fetcher } = signingServer('blindedMessage', (signature) => {
      blindSignature = signature;
      return { segment: 'cardiology|FR|10-19', blindSignature };
    });
    const taken = await takeToken(fetcher, 'survey-1', 'cardiology|FR|10-19', publicKey);
    if (!taken.ok) throw new Error(taken.problem.message);
    expect(taken.resumeCode).toMatch(/^[0-9A-Z]{20}$/);
    const sent = JSON.parse(String(calls[0]?.init.body)) as { resumeCopy: string };
    // Neither the code nor the token's message leaves the browser.
    expect(String(calls[0]?.init.body)).not.toContain(taken.resumeCode);
    expect(String(calls[0]?.init.body)).not.toContain(taken.token.message);
    const copy = { sealedCopy: sent.resumeCopy, blindSignature };
    const keys = [{ segment: 'cardiology|FR|10-19', publicKey }];
    // The physician types it as they read it: grouped, in lower case.
    const typed = (await formatCode(taken.resumeCode)).toLowerCase();
    expect(typed).toMatch(/^([0-9a-z]{4}-){4}[0-9a-z]{4}$/);
    expect(await resumeWithCode('survey-1', typed, copy, keys)).toEqual({ ok: true, token: taken.token, segment: 'cardiology|FR|10-19', resumeCode: taken.resumeCode });
    expect(await resumeWithCode('survey-1', '7KQ2-M9XD-0R4T-HV8B-E1CZ', copy, keys)).toEqual({ ok: false, reason: 'wrongCode' });
    expect(await resumeWithCode('survey-2', typed, copy, keys)).toEqual({ ok: false, reason: 'wrongCode' });
    expect(await resumeWithCode('survey-1', '1234', copy, keys)).toEqual({ ok: false, reason: 'format' });
  }, 20_000);

  it('reports the endpoint’s refusal', async () => {
    const problem = { code: 'BAD_USER_INPUT', reason: 'already_taken', field: 'surveyId', message: 'taken', retryAfterSeconds: null };
    const fetcher = (async () => new Response(JSON.stringify({ error: problem }), { status: 400 })) as typeof fetch;
    expect(await takeToken(fetcher, 's', 'x', publicKey)).toEqual({ ok: false, problem });
  });

  it('refuses a signature made with another key than the published one', async () => {
    const { fetcher } = signingServer('blindedMessage', () => ({ segment: 'x', blindSignature: 'AAAA' }));
    const result = await takeToken(fetcher, 's', 'x', publicKey);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem.code).toBe('CRYPTO');
  });
});

describe('sendAnswers', () => {
  it('sends the answers without cookies and unblinds the completion receipt', async () => {
    const { calls, fetcher } = signingServer('receiptBlindedMessage', (receiptBlindSignature) => ({ receiptBlindSignature }));
    const token = { message: 'bWVzc2FnZQ', signature: 'c2ln' };
    const answers = [{ questionId: 'q1', choiceIds: ['c1'] }];
    const result = await sendAnswers(fetcher, { surveyId: 's', segment: 'seg', token, answers, receiptKey: publicKey });
    if (!result.ok) throw new Error(result.problem.message);
    expect(calls[0]?.url).toBe(RELAY_ENDPOINT);
    expect(calls[0]?.init.credentials).toBe('omit');
    const sent = JSON.parse(String(calls[0]?.init.body)) as { input: Record<string, unknown> };
    expect(sent.input).toMatchObject({ surveyId: 's', segment: 'seg', token, answers });
    expect(Object.keys(sent.input).sort()).toEqual(['answers', 'receiptBlindedMessage', 'segment', 'surveyId', 'token']);
    expect(result.receipt.message).not.toBe(sent.input.receiptBlindedMessage);
  }, 20_000);
});
