/**
 * The database thief, for survey answers: after several physicians answer (some even sending
 * their session along), every table and log line the system wrote is read, and no answer row
 * can be tied to an account by any column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test/harness.ts';
import { answer, answersFor, openSurvey, takeToken } from './test/surveys.ts';

/** Tables written by an answer. Nothing in them may point at a person. */
const ANSWER_TABLES = ['survey_response', 'survey_answer', 'spent_token', 'spent_receipt'];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => t.close());

async function dump(table: string): Promise<string> {
  const rows = await t.db.$queryRawUnsafe<Array<{ row: string }>>(`SELECT row_to_json(x)::text AS row FROM "${table}" x`);
  return rows.map((r) => r.row).join('\n').toLowerCase();
}

describe('survey answers, read by a database thief', () => {
  it('hold no account, session, credential, pseudonym, address or time finer than the day', async () => {
    const survey = await openSurvey(t, { honorariumCents: 900 });
    const physicians = [];
    for (let i = 0; i < 6; i++) physicians.push(await t.make.verifiedPhysician());
    const ips = physicians.map((_, i) => `198.18.7.${10 + i}`);
    for (const [i, physician] of physicians.entries()) {
      const taken = await takeToken(t, survey, physician);
      // Half of them send their session along with the answers: it must change nothing.
      const { res, receipt } = await answer(t, survey, taken, answersFor(survey, i % 2, 10 + i), { bearer: i % 2 ? physician.token : undefined, ip: ips[i] });
      expect(res.errors).toBeUndefined();
      await t.gql('mutation ($s: ID!, $r: TokenInput!) { redeemSurveyReceipt(surveyId: $s, receipt: $r) { balanceCents } }', { s: survey.id, r: receipt }, { token: physician.token, ip: ips[i] });
    }

    const sessions = await t.db.session.findMany({ select: { id: true, tokenHash: true } });
    const pseudonyms = await t.db.pseudonym.findMany({ select: { id: true, handle: true } });
    const secrets = [
      ...physicians.flatMap((p) => [p.account.id, p.account.email, p.credential.id, p.credential.licenseNumber, p.token]),
      ...sessions.flatMap((s) => [s.id, Buffer.from(s.tokenHash).toString('hex')]),
      ...pseudonyms.flatMap((p) => [p.id, p.handle]),
      ...ips,
    ].map((s) => s.toLowerCase());
    for (const table of ANSWER_TABLES) {
      const text = await dump(table);
      expect(text.length, `${table} is empty`).toBeGreaterThan(0);
      for (const secret of secrets) expect(text, `${table} contains ${secret}`).not.toContain(secret);
    }
    for (const line of t.logLines) {
      for (const secret of secrets) expect(line.toLowerCase(), 'a log line names a person').not.toContain(secret);
    }
  });

  it('never read or touch the session sent along with an answer', async () => {
    const survey = await openSurvey(t);
    const physician = await t.make.verifiedPhysician();
    const taken = await takeToken(t, survey, physician);
    const longAgo = new Date(Date.now() - 3_600_000);
    await t.db.session.updateMany({ where: { accountId: physician.account.id }, data: { lastSeenAt: longAgo } });
    const sent = await t.gql<{ submitSurveyResponse: unknown; me: unknown }>(
      'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }',
      { i: { surveyId: survey.id, segment: taken.segment, token: taken.token, answers: answersFor(survey), receiptBlindedMessage: 'AQ' + 'A'.repeat(340) } },
      { token: physician.token },
    );
    expect(sent.errors).toBeUndefined();
    const session = await t.db.session.findFirstOrThrow({ where: { accountId: physician.account.id } });
    expect(session.lastSeenAt).toEqual(longAgo);
  });

  it('have no column that could hold an identity or a precise time', async () => {
    const columns = await t.db.$queryRawUnsafe<Array<{ table_name: string; column_name: string; data_type: string }>>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1)`,
      ANSWER_TABLES,
    );
    expect(columns.length).toBeGreaterThan(8);
    for (const c of columns) {
      expect(c.data_type, `${c.table_name}.${c.column_name}`).not.toMatch(/timestamp|time with|interval|inet|cidr/);
      expect(c.column_name, `${c.table_name}.${c.column_name}`).not.toMatch(/account|session|ip|agent|user|pseudonym|credential|created|updated/);
    }
    expect(columns.filter((c) => c.data_type === 'date').map((c) => `${c.table_name}.${c.column_name}`)).toEqual(['survey_response.submitted_on']);
  });
});
