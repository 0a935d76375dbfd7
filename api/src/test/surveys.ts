/** Survey fixtures for integration tests: an OPEN survey, and what a physician's browser does. */
import { expect } from 'vitest';
import { finalizeToken, prepareAndBlind, type BlindedToken } from '../domain/blind-signatures/client.ts';
import { generateSurveyKey } from '../domain/blind-signatures/keys.ts';
import { generateResumeCode, sealResume } from '../domain/blind-signatures/resume.ts';
import type { AnswerInput } from '../domain/surveys/answers.ts';
import { ensureSurveyKeys, keyLabelOf } from '@consilium/jobs/survey-keys';
import type { TestApp } from './harness.ts';

const ISSUE = 'mutation ($s: ID!, $b: String!) { issueSurveyToken(surveyId: $s, blindedMessage: $b) { segment blindSignature } }';
export const SUBMIT = 'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }';

type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;

/** An OPEN survey of a client organisation: a single-choice and a number question. */
export async function openSurvey(t: TestApp, options: { specialties?: string[]; sampleSize?: number; honorariumCents?: number } = {}) {
  const client = await t.make.client();
  const receipt = await generateSurveyKey(t.env.SURVEY_KEY_SECRET);
  const survey = await t.db.survey.create({
    data: {
      organizationId: client.account.organizationId!, createdById: client.account.id, title: 'Prescribing habits', description: 'Two questions.',
      status: 'OPEN', openedAt: new Date(), sampleSize: options.sampleSize ?? 50, honorariumCents: options.honorariumCents ?? 1500,
      targetSpecialties: options.specialties ?? ['cardiology'], receiptPublicKey: receipt.publicKey, receiptSealedKey: receipt.sealedPrivateKey,
      questions: {
        create: [
          { position: 0, kind: 'SINGLE_CHOICE', prompt: 'Do you prescribe X?', choices: { create: [{ position: 0, label: 'Yes' }, { position: 1, label: 'No' }] } },
          { position: 1, kind: 'NUMBER', prompt: 'Patients a week?', min: 0, max: 300 },
        ],
      },
    },
    include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
  });
  // The eligibility keys an approval makes, from the physicians eligible now.
  await ensureSurveyKeys(t.db, t.env.SURVEY_KEY_SECRET, survey, t.env.REPORT_K);
  return survey;
}

/**
 * The survey's key for a label, made if the survey has none for it — as if it had opened with
 * that label (for tests of a token under another label).
 */
export async function segmentKey(t: TestApp, surveyId: string, segment: string) {
  const where = { surveyId_segment: { surveyId, segment } };
  const existing = await t.db.surveySegmentKey.findUnique({ where });
  if (existing) return existing;
  return t.db.surveySegmentKey.create({ data: { surveyId, segment, ...(await generateSurveyKey(t.env.SURVEY_KEY_SECRET)) } });
}

export type OpenSurvey = Awaited<ReturnType<typeof openSurvey>>;

export function answersFor(survey: OpenSurvey, choice = 0, number = 40) {
  return [
    { questionId: survey.questions[0]!.id, choiceIds: [survey.questions[0]!.choices[choice]!.id] },
    { questionId: survey.questions[1]!.id, number },
  ];
}

/** What the physician's browser does: blind, get the blind signature, finalize. */
export async function takeToken(t: TestApp, survey: OpenSurvey, physician: Physician) {
  const segment = keyLabelOf(physician.credential, await ensureSurveyKeys(t.db, t.env.SURVEY_KEY_SECRET, survey, t.env.REPORT_K));
  const key = await t.db.surveySegmentKey.findUniqueOrThrow({ where: { surveyId_segment: { surveyId: survey.id, segment } } });
  const blinded = await prepareAndBlind(key.publicKey);
  const res = await t.gql<{ issueSurveyToken: { segment: string; blindSignature: string } }>(ISSUE, { s: survey.id, b: blinded.blindedMessage }, { token: physician.token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return { segment, token: await finalizeToken(key.publicKey, blinded, res.data!.issueSurveyToken.blindSignature) };
}

export type TakenToken = Awaited<ReturnType<typeof takeToken>>;

const ISSUE_WITH_RESUME = 'mutation ($s: ID!, $b: String!, $r: String) { issueSurveyToken(surveyId: $s, blindedMessage: $b, resumeCopy: $r) { segment blindSignature } }';

/** What the web app's browser does: `takeToken`, sending a copy sealed under a fresh resume code. */
export async function takeTokenWithResume(t: TestApp, survey: OpenSurvey, physician: Physician) {
  const segment = keyLabelOf(physician.credential, await ensureSurveyKeys(t.db, t.env.SURVEY_KEY_SECRET, survey, t.env.REPORT_K));
  const key = await t.db.surveySegmentKey.findUniqueOrThrow({ where: { surveyId_segment: { surveyId: survey.id, segment } } });
  const blinded = await prepareAndBlind(key.publicKey);
  const code = generateResumeCode();
  const resumeCopy = await sealResume(code, survey.id, { segment, message: blinded.message, inverse: blinded.inverse });
  const res = await t.gql<{ issueSurveyToken: { segment: string; blindSignature: string } }>(
    ISSUE_WITH_RESUME,
    { s: survey.id, b: blinded.blindedMessage, r: resumeCopy },
    { token: physician.token },
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return { segment, code, publicKey: key.publicKey, token: await finalizeToken(key.publicKey, blinded, res.data!.issueSurveyToken.blindSignature) };
}

/** Submits answers with a token (no session unless `bearer` is given), and finalizes the receipt. */
export async function answer(t: TestApp, survey: OpenSurvey, taken: TakenToken, answers: AnswerInput[] = answersFor(survey), options: { bearer?: string; ip?: string } = {}) {
  const receipt: BlindedToken = await prepareAndBlind(survey.receiptPublicKey!);
  const res = await t.gql<{ submitSurveyResponse: { receiptBlindSignature: string } }>(
    SUBMIT,
    { i: { surveyId: survey.id, segment: taken.segment, token: taken.token, answers, receiptBlindedMessage: receipt.blindedMessage } },
    { token: options.bearer, ip: options.ip },
  );
  const finalized = res.data ? await finalizeToken(survey.receiptPublicKey!, receipt, res.data.submitSurveyResponse.receiptBlindSignature) : null;
  return { res, receipt: finalized };
}

/** What a survey's answers left in the database: responses, answers and spent tokens. */
export async function stored(t: TestApp, surveyId: string) {
  return {
    responses: await t.db.surveyResponse.count({ where: { surveyId } }),
    answers: await t.db.surveyAnswer.count({ where: { response: { surveyId } } }),
    spent: await t.db.spentToken.count({ where: { surveyId } }),
  };
}

/**
 * The survey's row with its counters as they stand: while it is OPEN, what its place shards
 * (`survey_place`) took and issued is added to `responseCount` and `tokensIssued`.
 */
export async function surveyNow(t: TestApp, surveyId: string) {
  const survey = await t.db.survey.findUniqueOrThrow({ where: { id: surveyId }, include: { places: true } });
  const { places, ...row } = survey;
  return {
    ...row,
    responseCount: row.responseCount + places.reduce((n, p) => n + p.taken, 0),
    tokensIssued: row.tokensIssued + places.reduce((n, p) => n + p.tokens, 0),
  };
}
