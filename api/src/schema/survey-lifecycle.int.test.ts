import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPublicKey, unsealPrivateKey } from '../domain/blind-signatures/keys.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

const SUBMIT = 'mutation ($id: ID!) { submitSurvey(id: $id) { id status } }';
const REVIEW = 'mutation ($id: ID!, $approve: Boolean!, $reason: String) { reviewSurvey(id: $id, approve: $approve, reason: $reason) { id status reviewReason receiptKey } }';
const CLOSE = 'mutation ($id: ID!) { closeSurvey(id: $id) { id status } }';
const NOWHERE = '00000000-0000-4000-8000-000000000000';

type Status = 'DRAFT' | 'SUBMITTED' | 'OPEN' | 'CLOSED' | 'REJECTED';
const STATUSES: Status[] = ['DRAFT', 'SUBMITTED', 'OPEN', 'CLOSED', 'REJECTED'];

let t: TestApp;
let admin: { token: string; account: { id: string } };
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  admin = await t.make.admin();
});
afterAll(() => t.close());

const statusOf = async (id: string) => (await t.db.survey.findUniqueOrThrow({ where: { id } })).status;
const errorOf = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => res.errors?.[0]?.extensions;

describe('submitting', () => {
  it('sends a draft of the client’s organisation to review', async () => {
    const client = await t.make.client();
    const survey = await t.make.survey({ owner: client });
    const res = await t.gql(SUBMIT, { id: survey.id }, { token: client.token });
    expect(res.data).toEqual({ submitSurvey: { id: survey.id, status: 'SUBMITTED' } });
    expect((await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).submittedAt).toBeInstanceOf(Date);
  });

  it.each(STATUSES.filter((s) => s !== 'DRAFT'))('refuses a %s survey: wrong_state, nothing changes', async (status) => {
    const client = await t.make.client();
    const survey = await t.make.survey({ owner: client, status });
    const res = await t.gql(SUBMIT, { id: survey.id }, { token: client.token });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'wrong_state' });
    expect(await statusOf(survey.id)).toBe(status);
  });

  it('answers for another organisation’s draft exactly as for no survey at all', async () => {
    const survey = await t.make.survey();
    const other = await t.make.client();
    const foreign = await t.gql(SUBMIT, { id: survey.id }, { token: other.token });
    const missing = await t.gql(SUBMIT, { id: NOWHERE }, { token: other.token });
    expect(errorOf(foreign)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'not_found' });
    expect(foreign.errors).toEqual(missing.errors);
    expect(await statusOf(survey.id)).toBe('DRAFT');
  });

  it('refuses a draft whose closing date has passed since it was written', async () => {
    const client = await t.make.client();
    const survey = await t.make.survey({ owner: client, closesAt: new Date(Date.now() - 1_000) });
    const res = await t.gql(SUBMIT, { id: survey.id }, { token: client.token });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'closesAt', reason: 'past_date' });
    expect(await statusOf(survey.id)).toBe('DRAFT');
  });
});

describe('reviewing', () => {
  it('approves: OPEN, openedAt, a receipt key pair sealed with SURVEY_KEY_SECRET, an audit entry', async () => {
    const survey = await t.make.survey({ status: 'SUBMITTED' });
    const res = await t.gql<{ reviewSurvey: { status: string; receiptKey: string } }>(REVIEW, { id: survey.id, approve: true }, { token: admin.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.reviewSurvey.status).toBe('OPEN');
    const row = await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } });
    expect(row.openedAt).toBeInstanceOf(Date);
    expect(row.receiptPublicKey).toBe(res.data!.reviewSurvey.receiptKey);
    expect(importPublicKey(row.receiptPublicKey!).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(unsealPrivateKey(row.receiptSealedKey!, t.env.SURVEY_KEY_SECRET).type).toBe('private');
    const entries = await t.db.auditEntry.findMany({ where: { targetId: survey.id } });
    expect(entries).toEqual([expect.objectContaining({ actorId: admin.account.id, action: 'survey.approve', targetType: 'survey', reason: null })]);
  });

  it('rejects only with a reason, which the client then reads; audited', async () => {
    const client = await t.make.client();
    const survey = await t.make.survey({ owner: client, status: 'SUBMITTED' });
    const noReason = await t.gql(REVIEW, { id: survey.id, approve: false }, { token: admin.token });
    expect(errorOf(noReason)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason', reason: 'required' });
    expect(await statusOf(survey.id)).toBe('SUBMITTED');

    const reason = 'Question 2 names a brand; rephrase it neutrally.';
    const res = await t.gql(REVIEW, { id: survey.id, approve: false, reason }, { token: admin.token });
    expect(res.data).toEqual({ reviewSurvey: { id: survey.id, status: 'REJECTED', reviewReason: reason, receiptKey: '' } });
    const mine = await t.gql<{ survey: { status: string; reviewReason: string } }>('query ($id: ID!) { survey(id: $id) { status reviewReason } }', { id: survey.id }, { token: client.token });
    expect(mine.data!.survey).toEqual({ status: 'REJECTED', reviewReason: reason });
    expect(await t.db.auditEntry.findMany({ where: { targetId: survey.id } })).toEqual([
      expect.objectContaining({ actorId: admin.account.id, action: 'survey.reject', targetType: 'survey', reason }),
    ]);
  });

  it.each(STATUSES.filter((s) => s !== 'SUBMITTED'))('refuses a %s survey: wrong_state, no key, no audit entry', async (status) => {
    const survey = await t.make.survey({ status });
    for (const approve of [true, false]) {
      const res = await t.gql(REVIEW, { id: survey.id, approve, reason: 'because' }, { token: admin.token });
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'wrong_state' });
    }
    expect(await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).toMatchObject({ status, receiptPublicKey: survey.receiptPublicKey });
    expect(await t.db.auditEntry.count({ where: { targetId: survey.id } })).toBe(0);
  });

  it('says not_found for an unknown survey, and will not open one whose closing date has passed', async () => {
    const unknown = await t.gql(REVIEW, { id: NOWHERE, approve: true }, { token: admin.token });
    expect(errorOf(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'not_found' });
    const late = await t.make.survey({ status: 'SUBMITTED', closesAt: new Date(Date.now() - 1_000) });
    const res = await t.gql(REVIEW, { id: late.id, approve: true }, { token: admin.token });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'closesAt', reason: 'past_date' });
    expect(await statusOf(late.id)).toBe('SUBMITTED');
    // Rejecting it is still possible: that is how the client learns to set a new date.
    expect((await t.gql(REVIEW, { id: late.id, approve: false, reason: 'The closing date has passed.' }, { token: admin.token })).errors).toBeUndefined();
  });

  it('lets only one of two admins deciding at once win', async () => {
    const survey = await t.make.survey({ status: 'SUBMITTED' });
    const other = await t.make.admin();
    const results = await Promise.all([
      t.gql(REVIEW, { id: survey.id, approve: true }, { token: admin.token }),
      t.gql(REVIEW, { id: survey.id, approve: false, reason: 'No.' }, { token: other.token }),
    ]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => errorOf(r)?.reason === 'wrong_state')).toHaveLength(1);
    expect(await t.db.auditEntry.count({ where: { targetId: survey.id } })).toBe(1);
  });
});

describe('closing', () => {
  it('lets the owning client close an open survey (not audited: it is not an admin decision)', async () => {
    const client = await t.make.client();
    const survey = await t.make.survey({ owner: client, status: 'OPEN' });
    const res = await t.gql(CLOSE, { id: survey.id }, { token: client.token });
    expect(res.data).toEqual({ closeSurvey: { id: survey.id, status: 'CLOSED' } });
    expect((await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).closedAt).toBeInstanceOf(Date);
    expect(await t.db.auditEntry.count({ where: { targetId: survey.id } })).toBe(0);
  });

  it('lets an admin close any open survey, audited', async () => {
    const survey = await t.make.survey({ status: 'OPEN' });
    expect((await t.gql(CLOSE, { id: survey.id }, { token: admin.token })).errors).toBeUndefined();
    expect(await statusOf(survey.id)).toBe('CLOSED');
    expect(await t.db.auditEntry.findMany({ where: { targetId: survey.id } })).toEqual([expect.objectContaining({ action: 'survey.close', targetType: 'survey' })]);
  });

  it.each(STATUSES.filter((s) => s !== 'OPEN'))('refuses a %s survey: wrong_state', async (status) => {
    const client = await t.make.client();
    const survey = await t.make.survey({ owner: client, status });
    for (const token of [client.token, admin.token]) {
      expect(errorOf(await t.gql(CLOSE, { id: survey.id }, { token }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'wrong_state' });
    }
    expect(await statusOf(survey.id)).toBe(status);
  });

  it('answers for another organisation’s open survey exactly as for no survey at all', async () => {
    const survey = await t.make.survey({ status: 'OPEN' });
    const other = await t.make.client();
    const foreign = await t.gql(CLOSE, { id: survey.id }, { token: other.token });
    expect(errorOf(foreign)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'not_found' });
    expect(foreign.errors).toEqual((await t.gql(CLOSE, { id: NOWHERE }, { token: other.token })).errors);
    expect(await statusOf(survey.id)).toBe('OPEN');
  });
});

describe('the whole life of a survey', () => {
  it('goes DRAFT → SUBMITTED → OPEN → CLOSED through the API', async () => {
    const client = await t.make.client();
    const survey = await t.make.survey({ owner: client });
    expect((await t.gql(SUBMIT, { id: survey.id }, { token: client.token })).errors).toBeUndefined();
    const queue = await t.gql<{ surveysForReview: Array<{ id: string }> }>('{ surveysForReview { id } }', {}, { token: admin.token });
    expect(queue.data!.surveysForReview.map((s) => s.id)).toContain(survey.id);
    expect((await t.gql(REVIEW, { id: survey.id, approve: true }, { token: admin.token })).errors).toBeUndefined();
    expect((await t.gql(CLOSE, { id: survey.id }, { token: client.token })).errors).toBeUndefined();
    const row = await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } });
    expect(row.status).toBe('CLOSED');
    expect(row.submittedAt! <= row.openedAt! && row.openedAt! <= row.closedAt!).toBe(true);
  });
});
