/**
 * The anonymous answer path under attack: what a refused request costs, and the global limit.
 * The receipt signer is counted through submitSurveyResponse's own parameter: the production
 * signer, wrapped, so the test sees every private-key operation the path makes.
 */
import type { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../context.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { answer, answersFor, openSurvey, takeToken, type OpenSurvey, type TakenToken } from '../../test/surveys.ts';
import { prepareAndBlind } from '../blind-signatures/client.ts';
import { signReceipt, submitSurveyResponse, type ReceiptSigner } from './responses.ts';

// RATE_LIMIT_SCALE 0.06: 3 answers per survey per second, 1 attempt per token per 10 minutes.
let t: TestApp;
let ctx: Context;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '0.06' });
  ctx = { ...t.services, viewer: null, ip: 'anonymous', locale: 'fr' };
});
afterAll(() => t.close());

function countingSigner() {
  let calls = 0;
  const sign: ReceiptSigner = (...args) => {
    calls++;
    return signReceipt(...args);
  };
  return { sign, calls: () => calls };
}

async function inputFor(survey: OpenSurvey, taken: TakenToken) {
  const receipt = await prepareAndBlind(survey.receiptPublicKey!);
  return { surveyId: survey.id, segment: taken.segment, token: taken.token, answers: answersFor(survey), receiptBlindedMessage: receipt.blindedMessage };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    const { code, reason } = (err as GraphQLError).extensions ?? {};
    return reason ? `${String(code)}:${String(reason)}` : String(code ?? err);
  }
}

describe('the answer path', () => {
  it('refuses a spent token, and a forged one, without any private-key operation', async () => {
    const survey = await openSurvey(t);
    const taken = await takeToken(t, survey, await t.make.verifiedPhysician());
    expect((await answer(t, survey, taken)).res.errors).toBeUndefined();

    const counter = countingSigner();
    const spent = await codeOf(submitSurveyResponse(ctx, await inputFor(survey, taken), counter.sign));
    const forged = await codeOf(submitSurveyResponse(ctx, { ...(await inputFor(survey, taken)), token: { ...taken.token, signature: 'AAAA' } }, counter.sign));
    expect({ spent, forged }).toEqual({ spent: 'BAD_USER_INPUT:token_spent', forged: 'BAD_USER_INPUT:invalid_token' });
    expect(counter.calls()).toBe(0);

    // The same counter sees the one signing of a valid answer: it does count.
    const fresh = await takeToken(t, survey, await t.make.verifiedPhysician());
    expect(await codeOf(submitSurveyResponse(ctx, await inputFor(survey, fresh), counter.sign))).toBe('ok');
    expect(counter.calls()).toBe(1);
  });

  it('has a global ceiling per survey that junk cannot use up, and that refuses beyond it with RATE_LIMITED', async () => {
    const survey = await openSurvey(t);
    const tokens = await Promise.all([1, 2, 3, 4].map(async () => takeToken(t, survey, await t.make.verifiedPhysician())));
    const counter = countingSigner();
    // A flood of forged tokens first: refused before the limits, so they take none of its points.
    const junk = await Promise.all(
      Array.from({ length: 30 }, async () => codeOf(submitSurveyResponse(ctx, { ...(await inputFor(survey, tokens[0]!)), token: { ...tokens[0]!.token, signature: 'AAAA' } }, counter.sign))),
    );
    expect(new Set(junk)).toEqual(new Set(['BAD_USER_INPUT:invalid_token']));

    const inputs = await Promise.all(tokens.map((taken) => inputFor(survey, taken)));
    const codes = await Promise.all(inputs.map((input) => codeOf(submitSurveyResponse(ctx, input, counter.sign))));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(3);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(1);
    expect(counter.calls()).toBe(3);

    // Through GraphQL, the refusal is the project's rate-limit error; the refused token is not
    // spent, and once the second has passed it answers.
    const refused = tokens[codes.indexOf('RATE_LIMITED')]!;
    const again = await answer(t, survey, refused);
    if (again.res.errors) {
      expect(again.res.status).toBe(429);
      expect(again.res.errors[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      const wait = Number(again.res.errors[0]?.extensions?.retryAfterSeconds) * 1000;
      await new Promise((resolve) => setTimeout(resolve, wait));
      expect((await answer(t, survey, refused)).res.errors).toBeUndefined();
    }
    expect(await t.db.surveyResponse.count({ where: { surveyId: survey.id } })).toBe(4);
  });
});
