import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import * as kit from '../test/surveys.ts';

const REVIEW = 'mutation ($id: ID!) { reviewSurvey(id: $id, approve: true) { id } }';
const FIELDS = 'query ($id: ID!) { survey(id: $id) { mySegment tokenKeys { segment publicKey } } }';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => t.close());

type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;
const many = async (n: number, badge: Parameters<TestApp['make']['verifiedPhysician']>[0]) => {
  const made: Physician[] = [];
  for (let i = 0; i < n; i++) made.push(await t.make.verifiedPhysician(badge));
  return made;
};

describe('the keys a survey opens with (k = 11)', () => {
  it('has one key per group of at least k eligible physicians, plus the root, all made at approval', async () => {
    // Belgium: 12 young cardiologists, 11 mid-career ones, and one neurologist. The neurologist
    // alone would be "Belgium − the cardiologists": the smaller cardiology group joins them.
    const young = await many(12, { specialty: 'cardiology', country: 'BE', practiceStartYear: 2022 });
    const mid = await many(11, { specialty: 'cardiology', country: 'BE', practiceStartYear: 2012 });
    const [neurologist] = await many(1, { specialty: 'neurology', country: 'BE', practiceStartYear: 2022 });
    const admin = await t.make.admin();
    const owner = await t.make.client();
    const survey = await t.make.survey({ owner, status: 'SUBMITTED', specialties: ['cardiology', 'neurology'], countries: ['BE'] });
    expect(await t.db.surveySegmentKey.count({ where: { surveyId: survey.id } })).toBe(0);
    expect((await t.gql(REVIEW, { id: survey.id }, { token: admin.token })).errors).toBeUndefined();

    const keys = await t.db.surveySegmentKey.findMany({ where: { surveyId: survey.id }, orderBy: { segment: 'asc' } });
    expect(keys.map((k) => k.segment)).toEqual(['*|*|*', '*|BE|*', 'cardiology|BE|0-9']);
    expect(new Set(keys.map((k) => k.publicKey)).size).toBe(3);

    const label = async (who: { token: string }) =>
      (await t.gql<{ survey: { mySegment: string | null; tokenKeys: Array<{ segment: string; publicKey: string }> } }>(FIELDS, { id: survey.id }, { token: who.token })).data!.survey;
    expect((await label(young[0]!)).mySegment).toBe('cardiology|BE|0-9');
    expect((await label(mid[0]!)).mySegment).toBe('*|BE|*');
    expect((await label(neurologist!)).mySegment).toBe('*|BE|*');
    // Verified after the opening, in a segment nobody had: the coarsest label of their country.
    const newcomer = await t.make.verifiedPhysician({ specialty: 'neurology', country: 'BE', practiceStartYear: 1990 });
    expect((await label(newcomer)).mySegment).toBe('*|BE|*');

    // Everyone sees the same keys, and reading made none.
    const published = keys.map((k) => ({ segment: k.segment, publicKey: k.publicKey }));
    for (const who of [young[0]!, neurologist!, newcomer, owner, admin]) expect((await label(who)).tokenKeys).toEqual(published);
    expect(await t.db.surveySegmentKey.count({ where: { surveyId: survey.id } })).toBe(3);
  });

  it('completes a survey opened with the per-segment keys of old: the first token adds the root key', async () => {
    const survey = await t.make.survey({ status: 'OPEN', specialties: ['dermatology'] });
    await t.db.surveySegmentKey.deleteMany({ where: { surveyId: survey.id } });
    await kit.segmentKey(t, survey.id, 'dermatology|FR|10-19');
    const physician = await t.make.verifiedPhysician({ specialty: 'dermatology', country: 'FR', practiceStartYear: 1990 });
    const taken = await kit.takeToken(t, survey as unknown as kit.OpenSurvey, physician);
    expect(taken.segment).toBe('*|*|*');
    expect((await t.db.surveySegmentKey.findMany({ where: { surveyId: survey.id }, orderBy: { segment: 'asc' } })).map((k) => k.segment)).toEqual(['*|*|*', 'dermatology|FR|10-19']);
  });
});
