import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eligibleSurveys, isEligible } from '../domain/surveys/access.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

const ONE = 'query ($id: ID!) { survey(id: $id) { id } }';
const INBOX = '{ surveyInbox { id title honorariumCents organizationName organizationType closesAt } }';

type Maker = TestApp['make'];
type Caller = Awaited<ReturnType<Maker['client']>>;
type Physician = Awaited<ReturnType<Maker['verifiedPhysician']>>;
type Survey = Awaited<ReturnType<Maker['survey']>>;

let t: TestApp;
let counting = false;
const statements: string[] = [];
let owner: Caller;
let otherClient: Caller;
let admin: Caller;
let cardiologist: Physician;
let pediatrician: Physician;
const s: Record<string, Survey> = {};

const DAY = 86_400_000;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' }, { onQuery: (sql) => void (counting && statements.push(sql)) });
  [owner, otherClient, admin] = [await t.make.client(), await t.make.client(), await t.make.admin()];
  cardiologist = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR', region: 'Île-de-France', practiceStartYear: 2010 });
  pediatrician = await t.make.verifiedPhysician({ specialty: 'pediatrics', country: 'FR', region: 'Occitanie', practiceStartYear: 2010 });
  const cardio = { owner, specialties: ['cardiology'], countries: ['FR'] };
  s.cardio = await t.make.survey({ ...cardio, status: 'OPEN', title: 'cardio' });
  s.soon = await t.make.survey({ ...cardio, status: 'OPEN', title: 'soon', closesAt: new Date(Date.now() + 2 * DAY) });
  s.later = await t.make.survey({ ...cardio, status: 'OPEN', title: 'later', closesAt: new Date(Date.now() + 10 * DAY) });
  s.expired = await t.make.survey({ ...cardio, status: 'OPEN', title: 'expired', closesAt: new Date(Date.now() - 1_000) });
  s.any = await t.make.survey({ owner, status: 'OPEN', title: 'any' });
  s.pedia = await t.make.survey({ owner, status: 'OPEN', title: 'pedia', specialties: ['pediatrics'] });
  s.belgium = await t.make.survey({ owner, status: 'OPEN', title: 'belgium', countries: ['BE'] });
  s.occitanie = await t.make.survey({ owner, status: 'OPEN', title: 'occitanie', regions: ['Occitanie'] });
  s.veterans = await t.make.survey({ owner, status: 'OPEN', title: 'veterans', minYearsInPractice: 30 });
  s.draft = await t.make.survey({ ...cardio, status: 'DRAFT', title: 'draft' });
  s.submitted = await t.make.survey({ ...cardio, status: 'SUBMITTED', title: 'submitted' });
  s.closed = await t.make.survey({ ...cardio, status: 'CLOSED', title: 'closed' });
  s.rejected = await t.make.survey({ ...cardio, status: 'REJECTED', title: 'rejected' });
  s.closedLongAgo = await t.make.survey({ ...cardio, status: 'CLOSED', title: 'closed long ago' });
  await t.db.survey.update({ where: { id: s.closedLongAgo.id }, data: { closedAt: new Date(Date.now() - 3 * DAY) } });
});
afterAll(() => t.close());

async function visible(token: string, names: string[]) {
  const seen: string[] = [];
  for (const name of names) {
    const res = await t.gql<{ survey: { id: string } | null }>(ONE, { id: s[name]!.id }, { token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    if (res.data!.survey) seen.push(name);
  }
  return seen;
}

describe('survey(id)', () => {
  const all = () => Object.keys(s);
  it('shows the owning client and admins every survey, in every state', async () => {
    expect(await visible(owner.token, all())).toEqual(all());
    expect(await visible(admin.token, all())).toEqual(all());
  });

  it('shows another organisation’s client nothing: null, as for an id that does not exist', async () => {
    expect(await visible(otherClient.token, all())).toEqual([]);
  });

  it('shows a verified physician the OPEN surveys whose targeting takes in their credential, and those closed within the grace period', async () => {
    expect(await visible(cardiologist.token, all())).toEqual(['cardio', 'soon', 'later', 'expired', 'any', 'closed']);
    expect(await visible(pediatrician.token, all())).toEqual(['any', 'pedia', 'occitanie']);
  });

  it.each(['physician', 'pendingPhysician', 'rejectedPhysician', 'revokedPhysician'] as const)('refuses a %s of the right specialty: FORBIDDEN', async (kind) => {
    const { token } = await t.make[kind]();
    const res = await t.gql(ONE, { id: s.cardio!.id }, { token });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.data?.survey ?? null).toBeNull();
  });
});

describe('surveyInbox', () => {
  it('lists the open surveys targeting the physician, closing soonest first, without past-date ones', async () => {
    const res = await t.gql<{ surveyInbox: Array<{ title: string; organizationName: string; organizationType: string }> }>(INBOX, {}, { token: cardiologist.token });
    expect(res.errors).toBeUndefined();
    const titles = res.data!.surveyInbox.map((x) => x.title);
    expect(titles.slice(0, 2)).toEqual(['soon', 'later']);
    expect(titles.slice(2).sort()).toEqual(['any', 'cardio']);
    expect(res.data!.surveyInbox[0]!.organizationName).toBe('Agence test');
    expect(res.data!.surveyInbox[0]!.organizationType).toBe('OTHER');
    const pedia = await t.gql<{ surveyInbox: Array<{ title: string }> }>(INBOX, {}, { token: pediatrician.token });
    expect(pedia.data!.surveyInbox.map((x) => x.title).sort()).toEqual(['any', 'occitanie', 'pedia']);
  });

  it('drops a survey once the physician’s account has taken its token, though the survey stays readable', async () => {
    const physician = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
    await t.db.surveyTokenIssue.create({ data: { surveyId: s.soon!.id, accountId: physician.account.id } });
    const res = await t.gql<{ surveyInbox: Array<{ title: string }> }>(INBOX, {}, { token: physician.token });
    expect(res.data!.surveyInbox.map((x) => x.title)).not.toContain('soon');
    expect(res.data!.surveyInbox.map((x) => x.title)).toContain('later');
    expect(await visible(physician.token, ['soon'])).toEqual(['soon']);
  });

  it.each(['physician', 'pendingPhysician', 'rejectedPhysician', 'revokedPhysician', 'client', 'admin'] as const)('refuses a %s: FORBIDDEN', async (kind) => {
    const { token } = await t.make[kind]();
    expect((await t.gql(INBOX, {}, { token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('fields of a survey', () => {
  const FIELDS = 'query ($id: ID!) { survey(id: $id) { mySegment tokenKeys { segment publicKey } } }';

  it('hides responseCount from physicians (FORBIDDEN on the field), shows it to the client and admins', async () => {
    await t.db.survey.update({ where: { id: s.any!.id }, data: { responseCount: 7 } });
    const query = 'query ($id: ID!) { survey(id: $id) { id responseCount } }';
    for (const who of [owner, admin]) {
      expect((await t.gql(query, { id: s.any!.id }, { token: who.token })).data).toEqual({ survey: { id: s.any!.id, responseCount: 7 } });
    }
    const res = await t.gql(query, { id: s.any!.id }, { token: cardiologist.token });
    expect(res.errors?.[0]).toMatchObject({ path: ['survey', 'responseCount'], extensions: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(res.data)).not.toContain('7');
  });

  it('tells a verified physician the key label covering their segment, and nobody else', async () => {
    const mine = await t.gql<{ survey: { mySegment: string; tokenKeys: Array<{ segment: string }> } }>(FIELDS, { id: s.pedia!.id }, { token: pediatrician.token });
    // One pediatrician was eligible when the survey opened: fewer than k, so only the root label.
    expect(mine.data!.survey.mySegment).toBe('*|*|*');
    expect(mine.data!.survey.tokenKeys.map((k) => k.segment)).toEqual(['*|*|*']);
    const theirs = await t.gql<{ survey: { mySegment: string | null } }>(FIELDS, { id: s.pedia!.id }, { token: owner.token });
    expect(theirs.data!.survey.mySegment).toBeNull();
  });

  it('creates no key when anyone reads tokenKeys, whatever the survey’s state', async () => {
    const open = await t.make.survey({ owner, status: 'OPEN' });
    const closed = await t.make.survey({ owner, status: 'CLOSED' });
    const draft = await t.make.survey({ owner, status: 'DRAFT' });
    const before = await t.db.surveySegmentKey.count();
    const seen = new Map<string, Set<string>>();
    for (const survey of [open, closed, draft]) {
      seen.set(survey.id, new Set());
      for (const who of [owner, admin, cardiologist, pediatrician]) {
        const res = await t.gql<{ survey: { tokenKeys: Array<{ segment: string; publicKey: string }> } | null }>(FIELDS, { id: survey.id }, { token: who.token });
        if (res.data?.survey) seen.get(survey.id)!.add(JSON.stringify(res.data.survey.tokenKeys));
      }
    }
    expect(await t.db.surveySegmentKey.count()).toBe(before);
    expect(await t.db.surveySegmentKey.count({ where: { surveyId: draft.id } })).toBe(0);
    // Every reader of a survey sees the same keys.
    expect([...seen.values()].map((keys) => keys.size)).toEqual([1, 1, 1]);
  });
});

describe('lists of surveys', () => {
  it('gives a client their organisation’s surveys, newest first, and nothing of another’s', async () => {
    const mine = await t.gql<{ mySurveys: Array<{ id: string }> }>('{ mySurveys { id } }', {}, { token: owner.token });
    const expected = await t.db.survey.findMany({ where: { organizationId: owner.account.organizationId! }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    expect(mine.data!.mySurveys.map((x) => x.id)).toEqual(expected.map((x) => x.id));
    expect(expected.length).toBeGreaterThanOrEqual(Object.keys(s).length);
    const theirs = await t.gql<{ mySurveys: unknown[] }>('{ mySurveys { id } }', {}, { token: otherClient.token });
    expect(theirs.data!.mySurveys).toEqual([]);
  });

  it('gives admins the submitted surveys, oldest submission first', async () => {
    const older = await t.make.survey({ status: 'SUBMITTED' });
    await t.db.survey.update({ where: { id: older.id }, data: { submittedAt: new Date(Date.now() - DAY) } });
    const res = await t.gql<{ surveysForReview: Array<{ id: string; status: string }> }>('{ surveysForReview { id status } }', {}, { token: admin.token });
    expect(res.data!.surveysForReview.map((x) => x.id)).toEqual([older.id, s.submitted!.id]);
  });
});

describe('eligibility as a filter', () => {
  it('agrees with isEligible for every pair of a grid of targetings and credentials', async () => {
    const year = new Date().getUTCFullYear();
    const targetings = [
      {}, { specialties: ['cardiology'] }, { specialties: ['cardiology', 'pediatrics'], countries: ['BE'] }, { countries: ['FR', 'BE'] },
      { regions: ['Occitanie'] }, { regions: ['Occitanie', 'Bretagne'], countries: ['FR'] }, { minYearsInPractice: 0 }, { minYearsInPractice: 10 },
      { minYearsInPractice: 11, specialties: ['pediatrics'] },
    ];
    const surveys = [];
    for (const status of ['OPEN', 'CLOSED'] as const) {
      for (const targeting of targetings) surveys.push(await t.make.survey({ owner: otherClient, status, ...targeting, questions: [] }));
    }
    const credentials = [
      { specialty: 'cardiology', country: 'FR', region: null, practiceStartYear: year - 10 },
      { specialty: 'pediatrics', country: 'BE', region: 'Occitanie', practiceStartYear: year - 11 },
      { specialty: 'pediatrics', country: 'FR', region: 'Bretagne', practiceStartYear: year - 9 },
      { specialty: 'dermatology', country: 'FR', region: 'Occitanie', practiceStartYear: year },
    ];
    for (const credential of credentials) {
      const inSql = await t.db.survey.findMany({ where: { AND: [{ organizationId: otherClient.account.organizationId! }, eligibleSurveys(credential)] }, select: { id: true } });
      const inJs = surveys.filter((survey) => isEligible(survey, credential));
      expect(inSql.map((x) => x.id).sort(), JSON.stringify(credential)).toEqual(inJs.map((x) => x.id).sort());
      expect(inJs.length).toBeGreaterThan(0);
    }
  });
});

describe('SQL statements for a list of surveys', () => {
  const LIST = `{ mySurveys { id title status organizationName responseCount receiptKey mySegment
    targeting { specialties countries regions minYearsInPractice } tokenKeys { segment publicKey }
    questions { id kind prompt min max choices { id label } } } }`;

  async function count(token: string) {
    statements.length = 0;
    counting = true;
    const res = await t.gql<{ mySurveys: Array<{ questions: Array<{ choices: unknown[] }> }> }>(LIST, {}, { token });
    counting = false;
    expect(res.errors).toBeUndefined();
    return { statements: statements.length, surveys: res.data!.mySurveys.length, choices: res.data!.mySurveys.flatMap((x) => x.questions).flatMap((q) => q.choices).length };
  }

  it('does not grow with the number of surveys, questions or choices', async () => {
    const client = await t.make.client();
    const kinds = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'LIKERT', 'NUMBER', 'TEXT'] as const;
    await t.make.survey({ owner: client, questions: [...kinds] });
    const one = await count(client.token);
    for (let i = 0; i < 9; i += 1) await t.make.survey({ owner: client, status: i % 2 ? 'OPEN' : 'DRAFT', questions: [...kinds] });
    const ten = await count(client.token);
    expect([one.surveys, ten.surveys, ten.choices]).toEqual([1, 10, 110]);
    expect(ten.statements).toBe(one.statements);
    console.info(`mySurveys, 10 surveys × 5 questions × 110 choices: ${ten.statements} SQL statements (1 survey: ${one.statements})`);
    // 3 read the session (session, account, credential), 5 the list: surveys, organisations, questions, segment keys, choices;
    // 2 the survey's language that prompts and labels are read in (docs/survey-languages.md): of the choices' questions, of their surveys.
    expect(ten.statements).toBeLessThanOrEqual(10);
  });

  it('counts a reach with one statement on credentials', async () => {
    statements.length = 0;
    counting = true;
    const res = await t.gql('query ($t: TargetingInput!) { surveyReach(targeting: $t) { verifiedPhysicians } }', { t: { specialties: ['cardiology'] } }, { token: owner.token });
    counting = false;
    expect(res.errors).toBeUndefined();
    // The session's own read of the viewer's credential aside.
    expect(statements.filter((sql) => sql.includes('"credential"') && !sql.includes('"account_id" IN'))).toEqual([expect.stringMatching(/^SELECT COUNT/)]);
  });
});
