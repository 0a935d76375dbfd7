import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAndBlind } from '../domain/blind-signatures/client.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import * as kit from '../test/surveys.ts';
import type { OpenSurvey, TakenToken } from '../test/surveys.ts';

const ISSUE = 'mutation ($s: ID!, $b: String!) { issueSurveyToken(surveyId: $s, blindedMessage: $b) { segment blindSignature } }';
const REDEEM = 'mutation ($s: ID!, $r: TokenInput!) { redeemSurveyReceipt(surveyId: $s, receipt: $r) { surveyId amountCents balanceCents } }';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
});
const openSurvey = (options?: Parameters<typeof kit.openSurvey>[1]) => kit.openSurvey(t, options);
const takeToken = (survey: OpenSurvey, physician: Parameters<typeof kit.takeToken>[2]) => kit.takeToken(t, survey, physician);
const answer = (survey: OpenSurvey, taken: TakenToken, answers = kit.answersFor(survey)) => kit.answer(t, survey, taken, answers);
const answersFor = kit.answersFor;
const segmentKey = (surveyId: string, segment: string) => kit.segmentKey(t, surveyId, segment);
afterAll(() => t.close());

const stored = (surveyId: string) => kit.stored(t, surveyId);

describe('answering a survey unlinkably', () => {
  it('takes answers with a token, pays the honorarium on a receipt, and stores no identity', async () => {
    const survey = await openSurvey({ honorariumCents: 2500 });
    const [a, b] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
    const receipts = [];
    const labels = new Set<string>();
    for (const [i, physician] of [a, b].entries()) {
      const taken = await takeToken(survey, physician);
      labels.add(taken.segment);
      const { res, receipt } = await answer(survey, taken, answersFor(survey, i, 30 + i));
      expect(res.errors).toBeUndefined();
      receipts.push(receipt!);
    }
    const rows = await t.db.surveyResponse.findMany({ where: { surveyId: survey.id }, include: { answers: true } });
    expect(rows).toHaveLength(2);
    // Under the key label of their tokens (the root: nobody was eligible when the survey opened).
    expect([...labels]).toEqual(['*|*|*']);
    expect(rows.every((r) => r.segment === '*|*|*' && r.submittedOn.toISOString().endsWith('T00:00:00.000Z'))).toBe(true);
    expect(rows.flatMap((r) => r.answers.map((x) => x.number)).filter((n) => n !== null).sort()).toEqual([30, 31]);
    // Each answer carries its response's segment and its choices as a bit set (for the report).
    const positions = new Map((await t.db.surveyChoice.findMany({ where: { question: { surveyId: survey.id } } })).map((c) => [c.id, c.position]));
    for (const answer of rows.flatMap((r) => r.answers.map((x) => ({ ...x, responseSegment: r.segment })))) {
      expect(answer.segment).toBe(answer.responseSegment);
      expect(answer.choiceBits).toBe(answer.choiceIds.reduce((bits, id) => bits | (1 << positions.get(id)!), 0));
    }
    expect(rows.flatMap((r) => r.answers).some((x) => x.choiceBits !== 0)).toBe(true);

    const credit = await t.gql(REDEEM, { s: survey.id, r: receipts[0] }, { token: a.token });
    expect(credit.data).toEqual({ redeemSurveyReceipt: { surveyId: survey.id, amountCents: 2500, balanceCents: 2500 } });
    const me = await t.gql<{ me: { honorariumBalanceCents: number } }>('{ me { honorariumBalanceCents } }', {}, { token: a.token });
    expect(me.data!.me.honorariumBalanceCents).toBe(2500);
    expect(await kit.surveyNow(t, survey.id)).toMatchObject({ tokensIssued: 2, responseCount: 2, receiptsRedeemed: 1 });
  });

  it('spends a token once', async () => {
    const survey = await openSurvey();
    const taken = await takeToken(survey, await t.make.verifiedPhysician());
    expect((await answer(survey, taken)).res.errors).toBeUndefined();
    const before = await stored(survey.id);
    const again = await answer(survey, taken);
    expect(again.res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token', reason: 'token_spent' });
    expect(await stored(survey.id)).toEqual(before);
  });

  it('refuses a token of another survey, of another segment, forged or tampered', async () => {
    const [first, second] = [await openSurvey(), await openSurvey()];
    const physician = await t.make.verifiedPhysician();
    const taken = await takeToken(first, physician);
    await segmentKey(second.id, taken.segment);
    await segmentKey(first.id, 'cardiology|FR|30+');
    const attempts = [
      answer(second, taken, answersFor(second)),
      answer(first, { ...taken, segment: 'cardiology|FR|30+' }),
      answer(first, { ...taken, token: { ...taken.token, signature: taken.token.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } }),
      answer(first, { ...taken, token: { ...taken.token, message: taken.token.message.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) } }),
    ];
    for (const { res } of await Promise.all(attempts)) {
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token', reason: 'invalid_token' });
    }
    expect(await stored(first.id)).toEqual({ responses: 0, answers: 0, spent: 0 });
    expect((await answer(first, taken)).res.errors).toBeUndefined();
  });

  it('refuses missing or out-of-range answers, stores nothing, and leaves the token usable', async () => {
    const survey = await openSurvey();
    const taken = await takeToken(survey, await t.make.verifiedPhysician());
    const missing = await answer(survey, taken, answersFor(survey).slice(0, 1));
    expect(missing.res.errors?.[0]).toMatchObject({ message: 'question 2 is not answered.', extensions: { code: 'BAD_USER_INPUT' } });
    const outOfRange = await answer(survey, taken, answersFor(survey, 0, 301));
    expect(outOfRange.res.errors?.[0]?.message).toBe('question 2: give a number from 0 to 300.');
    expect(await stored(survey.id)).toEqual({ responses: 0, answers: 0, spent: 0 });
    expect((await answer(survey, taken)).res.errors).toBeUndefined();
  });

  it('gives tokens only to eligible verified physicians, once each', async () => {
    const survey = await openSurvey({ specialties: ['cardiology'] });
    const blinded = await prepareAndBlind((await segmentKey(survey.id, '*|*|*')).publicKey);
    const issue = async (token: string) => (await t.gql(ISSUE, { s: survey.id, b: blinded.blindedMessage }, { token })).errors?.[0]?.extensions?.code;
    expect(await issue((await t.make.verifiedPhysician({ specialty: 'pediatrics', country: 'FR' })).token)).toBe('FORBIDDEN');
    expect(await issue((await t.make.physician()).token)).toBe('FORBIDDEN');
    expect(await issue((await t.make.pendingPhysician()).token)).toBe('FORBIDDEN');
    expect(await issue((await t.make.revokedPhysician()).token)).toBe('FORBIDDEN');
    const eligible = await t.make.verifiedPhysician();
    await takeToken(survey, eligible);
    const twice = await t.gql(ISSUE, { s: survey.id, b: blinded.blindedMessage }, { token: eligible.token });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'already_taken' });
    expect((await kit.surveyNow(t, survey.id)).tokensIssued).toBe(1);
  });

  it('closes itself at its sample size: no more tokens, but issued ones count until the grace period ends', async () => {
    const survey = await openSurvey({ sampleSize: 2 });
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await takeToken(survey, await t.make.verifiedPhysician()));
    await answer(survey, taken[0]!);
    await answer(survey, taken[1]!);
    expect((await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).status).toBe('CLOSED');
    const late = await t.make.verifiedPhysician();
    const blinded = await prepareAndBlind((await segmentKey(survey.id, '*|*|*')).publicKey);
    const full = await t.gql(ISSUE, { s: survey.id, b: blinded.blindedMessage }, { token: late.token });
    expect(full.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'survey_closed' });
    // Past its closing date, an OPEN survey the sweep has not closed yet gives no token either.
    const overdue = await openSurvey();
    await t.db.survey.update({ where: { id: overdue.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    const tooLate = await t.gql(ISSUE, { s: overdue.id, b: blinded.blindedMessage }, { token: late.token });
    expect(tooLate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'survey_closed' });
    expect((await answer(survey, taken[2]!)).res.errors).toBeUndefined();
    await t.db.survey.update({ where: { id: survey.id }, data: { closedAt: new Date(Date.now() - 49 * 3_600_000) } });
    expect((await answer(survey, taken[3]!)).res.errors?.[0]?.extensions?.reason).toBe('survey_closed');
  });

  it('pays a receipt once, and one honorarium per survey and account', async () => {
    const survey = await openSurvey({ honorariumCents: 1000 });
    const physician = await t.make.verifiedPhysician();
    const { receipt } = await answer(survey, await takeToken(survey, physician));
    expect((await t.gql(REDEEM, { s: survey.id, r: receipt }, { token: physician.token })).errors).toBeUndefined();
    const again = await t.gql(REDEEM, { s: survey.id, r: receipt }, { token: physician.token });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'receipt_spent' });
    const other = await answer(survey, await takeToken(survey, await t.make.verifiedPhysician()));
    const second = await t.gql(REDEEM, { s: survey.id, r: other.receipt }, { token: physician.token });
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'already_redeemed' });
    const forged = await t.gql(REDEEM, { s: survey.id, r: { message: receipt!.message, signature: other.receipt!.signature } }, { token: physician.token });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'invalid_token' });
    const ledger = await t.gql<{ myHonoraria: Array<{ amountCents: number; surveyTitle: string }> }>('{ myHonoraria { amountCents surveyTitle } }', {}, { token: physician.token });
    expect(ledger.data!.myHonoraria).toEqual([{ amountCents: 1000, surveyTitle: 'Prescribing habits' }]);
    await expect(t.db.$executeRawUnsafe('UPDATE honorarium_entry SET amount_cents = 999999')).rejects.toThrow(/append-only/);
  });
});
