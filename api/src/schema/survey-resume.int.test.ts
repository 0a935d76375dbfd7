/**
 * Coming back to an opened survey: on another device, with the resume code (issue #13, point 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAndBlind } from '../domain/blind-signatures/client.ts';
import { generateResumeCode, openResume, resumeToken, sealResume } from '../domain/blind-signatures/resume.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';
import * as kit from '../test/surveys.ts';

const RESUME = 'query ($id: ID!) { survey(id: $id) { openedByMe myResume { sealedCopy blindSignature } } }';
const OPENED = '{ openedSurveys { id title } }';
const INBOX = '{ surveyInbox { id } }';
const ISSUE = 'mutation ($s: ID!, $b: String!, $r: String) { issueSurveyToken(surveyId: $s, blindedMessage: $b, resumeCopy: $r) { segment } }';
const REDEEM = 'mutation ($s: ID!, $r: TokenInput!) { redeemSurveyReceipt(surveyId: $s, receipt: $r) { balanceCents } }';

type Resume = { survey: { openedByMe: boolean | null; myResume: { sealedCopy: string; blindSignature: string } | null } | null };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => t.close());

/** An OPEN survey of cardiologists, anywhere: the kit leaves its other targeting lists NULL, which no physician's `survey` read matches. */
async function openSurvey(options?: Parameters<typeof kit.openSurvey>[1]) {
  const survey = await kit.openSurvey(t, options);
  await t.db.survey.update({ where: { id: survey.id }, data: { targetCountries: [], targetRegions: [] } });
  return survey;
}

/** A second device of the same physician: a session of its own, from a fresh login. */
async function secondDevice(physician: { account: { email: string } }) {
  const res = await t.gql<{ login: { token: string } }>('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
    e: physician.account.email,
    p: TEST_PASSWORD,
  });
  expect(res.errors).toBeUndefined();
  return res.data!.login.token;
}

describe('resuming a survey on another device', () => {
  it('gives the same token back from the code, answers with it, pays the honorarium, then forgets the copy', async () => {
    const survey = await openSurvey({ honorariumCents: 1200 });
    const physician = await t.make.verifiedPhysician();
    const first = await kit.takeTokenWithResume(t, survey, physician);

    // The other device has nothing but the session and the code the physician wrote down.
    const token = await secondDevice(physician);
    const opened = await t.gql<{ openedSurveys: Array<{ id: string }> }>(OPENED, {}, { token });
    expect(opened.data!.openedSurveys.map((s) => s.id)).toEqual([survey.id]);
    expect((await t.gql<{ surveyInbox: Array<{ id: string }> }>(INBOX, {}, { token })).data!.surveyInbox.map((s) => s.id)).not.toContain(survey.id);
    const read = await t.gql<Resume>(RESUME, { id: survey.id }, { token });
    expect(read.data!.survey!.openedByMe).toBe(true);
    const copy = read.data!.survey!.myResume!;
    expect(await openResume(generateResumeCode(), survey.id, copy.sealedCopy)).toBeNull();
    const secret = await openResume(first.code, survey.id, copy.sealedCopy);
    expect(secret!.segment).toBe(first.segment);
    const again = await resumeToken(first.publicKey, secret!, copy.blindSignature);
    expect(again).toEqual(first.token);

    const { res, receipt } = await kit.answer(t, survey, { segment: secret!.segment, token: again });
    expect(res.errors).toBeUndefined();
    // The first device, still holding the token, is told it was spent.
    const twice = await kit.answer(t, survey, first);
    expect(twice.res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'token_spent' });

    expect((await t.gql(REDEEM, { s: survey.id, r: receipt }, { token })).errors).toBeUndefined();
    const after = await t.gql<Resume>(RESUME, { id: survey.id }, { token });
    expect(after.data!.survey).toEqual({ openedByMe: true, myResume: null });
    expect((await t.gql<{ openedSurveys: unknown[] }>(OPENED, {}, { token })).data!.openedSurveys).toEqual([]);
    expect(await t.db.surveyResume.count({ where: { surveyId: survey.id } })).toBe(0);
  });

  it('shows a physician only their own copy, and clients and admins none', async () => {
    const survey = await openSurvey();
    const [opener, colleague] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
    await kit.takeTokenWithResume(t, survey, opener);
    const theirs = await t.gql<Resume>(RESUME, { id: survey.id }, { token: colleague.token });
    expect(theirs.data!.survey).toEqual({ openedByMe: false, myResume: null });
    expect((await t.gql<{ openedSurveys: unknown[] }>(OPENED, {}, { token: colleague.token })).data!.openedSurveys).toEqual([]);
    for (const caller of [await t.make.admin()]) {
      const res = await t.gql<Resume>(RESUME, { id: survey.id }, { token: caller.token });
      expect(res.data!.survey).toEqual({ openedByMe: null, myResume: null });
    }
  });

  it('keeps a token taken without a copy as before: opened, nothing to resume from', async () => {
    const survey = await openSurvey();
    const physician = await t.make.verifiedPhysician();
    await kit.takeToken(t, survey, physician);
    const res = await t.gql<Resume>(RESUME, { id: survey.id }, { token: physician.token });
    expect(res.data!.survey).toEqual({ openedByMe: true, myResume: null });
    expect((await t.gql<{ openedSurveys: Array<{ id: string }> }>(OPENED, {}, { token: physician.token })).data!.openedSurveys.map((s) => s.id)).toEqual([survey.id]);
  });

  it('refuses a copy that is not one, and a refused issue stores neither the issue nor the copy', async () => {
    const survey = await openSurvey();
    const physician = await t.make.verifiedPhysician();
    const key = await t.db.surveySegmentKey.findFirstOrThrow({ where: { surveyId: survey.id } });
    const { blindedMessage } = await prepareAndBlind(key.publicKey);
    for (const r of ['short', 'A'.repeat(1400), 'A'.repeat(1402) + '!', '']) {
      const res = await t.gql(ISSUE, { s: survey.id, b: blindedMessage, r }, { token: physician.token });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(res.errors?.[0]?.message).toContain('resumeCopy');
    }
    expect(await t.db.surveyTokenIssue.count({ where: { surveyId: survey.id } })).toBe(0);

    // A closed survey: the copy is valid, the issue is refused, and nothing is written.
    await t.db.survey.update({ where: { id: survey.id }, data: { status: 'CLOSED', closedAt: new Date() } });
    const copy = await sealResume(generateResumeCode(), survey.id, { segment: key.segment, message: 'bQ', inverse: 'aQ' });
    const closed = await t.gql(ISSUE, { s: survey.id, b: blindedMessage, r: copy }, { token: physician.token });
    expect(closed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'survey_closed' });
    expect(await t.db.surveyResume.count({ where: { surveyId: survey.id } })).toBe(0);
  });

  it('lists an opened survey closed by its sample until the grace period ends', async () => {
    const survey = await openSurvey();
    const physician = await t.make.verifiedPhysician();
    await kit.takeTokenWithResume(t, survey, physician);
    const list = async () => (await t.gql<{ openedSurveys: Array<{ id: string }> }>(OPENED, {}, { token: physician.token })).data!.openedSurveys.map((s) => s.id);
    await t.db.survey.update({ where: { id: survey.id }, data: { status: 'CLOSED', closedAt: new Date() } });
    expect(await list()).toEqual([survey.id]);
    await t.db.survey.update({ where: { id: survey.id }, data: { closedAt: new Date(Date.now() - (t.env.SURVEY_GRACE_HOURS + 1) * 3_600_000) } });
    expect(await list()).toEqual([]);
  });
});
