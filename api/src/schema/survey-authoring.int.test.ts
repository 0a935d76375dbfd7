import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIKERT_LABELS } from '../domain/surveys/questions.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

const SURVEY_FIELDS = `id title description status organizationName sampleSize honorariumCents closesAt responseCount receiptKey
  targeting { specialties countries regions minYearsInPractice }
  questions { id kind prompt min max choices { id label } } tokenKeys { segment }`;
const CREATE = `mutation ($input: SurveyInput!) { createSurvey(input: $input) { ${SURVEY_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: SurveyInput!) { updateSurvey(id: $id, input: $input) { ${SURVEY_FIELDS} } }`;
const REACH = 'query ($t: TargetingInput!) { surveyReach(targeting: $t) { verifiedPhysicians enough } }';

interface Question { id: string; kind: string; prompt: string; min: number | null; max: number | null; choices: Array<{ id: string; label: string }> }
interface SurveyData { id: string; status: string; questions: Question[]; targeting: Record<string, unknown>; [key: string]: unknown }

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => t.close());

const questions = () => [
  { kind: 'SINGLE_CHOICE', prompt: 'Do you prescribe amoxicillin first?', choices: ['Yes', 'No', 'It depends'] },
  { kind: 'LIKERT', prompt: 'Guidelines are clear.' },
  { kind: 'NUMBER', prompt: 'Patients with otitis a week?', min: 0, max: 200 },
];
const input = (overrides: Record<string, unknown> = {}) => ({
  title: 'Otitis in children', description: 'Five minutes.', questions: questions(), sampleSize: 200, honorariumCents: 1500, ...overrides,
});

async function surveysOf(organizationId: string) {
  const [surveys, questionRows, choices] = await Promise.all([
    t.db.survey.count({ where: { organizationId } }),
    t.db.surveyQuestion.count({ where: { survey: { organizationId } } }),
    t.db.surveyChoice.count({ where: { question: { survey: { organizationId } } } }),
  ]);
  return { surveys, questions: questionRows, choices };
}

describe('creating a survey', () => {
  it('saves a DRAFT in the client’s organisation, questions and choices in order, the Likert points filled in', async () => {
    const client = await t.make.client();
    const closesAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const res = await t.gql<{ createSurvey: SurveyData }>(CREATE, {
      input: input({
        questions: [
          ...questions(),
          { kind: 'MULTIPLE_CHOICE', prompt: '  Which tests do you use?  ', choices: [' Otoscope ', 'Tympanometry'] },
          { kind: 'TEXT', prompt: 'Anything else?' },
          { kind: 'LIKERT', prompt: 'Parents ask for antibiotics.', choices: ['Jamais', 'Rarement', 'Parfois', 'Souvent', 'Toujours'] },
        ],
        targeting: { specialties: ['pediatrics', 'general-practice', 'pediatrics'], countries: ['fr', 'BE'], regions: ['Occitanie'], minYearsInPractice: 5 },
        closesAt,
      }),
    }, { token: client.token });
    expect(res.errors).toBeUndefined();
    const survey = res.data!.createSurvey;
    expect(survey).toMatchObject({
      title: 'Otitis in children', status: 'DRAFT', organizationName: 'Agence test', sampleSize: 200, honorariumCents: 1500,
      closesAt, responseCount: 0, receiptKey: '', tokenKeys: [],
      targeting: { specialties: ['pediatrics', 'general-practice'], countries: ['FR', 'BE'], regions: ['Occitanie'], minYearsInPractice: 5 },
    });
    expect(survey.questions.map((q) => [q.kind, q.prompt, q.choices.map((c) => c.label), q.min, q.max])).toEqual([
      ['SINGLE_CHOICE', 'Do you prescribe amoxicillin first?', ['Yes', 'No', 'It depends'], null, null],
      ['LIKERT', 'Guidelines are clear.', [...LIKERT_LABELS], null, null],
      ['NUMBER', 'Patients with otitis a week?', [], 0, 200],
      ['MULTIPLE_CHOICE', 'Which tests do you use?', ['Otoscope', 'Tympanometry'], null, null],
      ['TEXT', 'Anything else?', [], null, null],
      ['LIKERT', 'Parents ask for antibiotics.', ['Jamais', 'Rarement', 'Parfois', 'Souvent', 'Toujours'], null, null],
    ]);
    const row = await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } });
    expect(row).toMatchObject({ organizationId: client.account.organizationId, createdById: client.account.id, status: 'DRAFT' });
  });

  it('takes a survey without targeting as one for any verified physician', async () => {
    const client = await t.make.client();
    const res = await t.gql<{ createSurvey: SurveyData }>(CREATE, { input: input({ targeting: null }) }, { token: client.token });
    expect(res.data!.createSurvey.targeting).toEqual({ specialties: [], countries: [], regions: [], minYearsInPractice: null });
  });

  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: 'TEXT', prompt: `Question ${i + 1}` }));
  const withQuestion = (index: number, question: Record<string, unknown>) => {
    const list: Array<Record<string, unknown>> = questions();
    list[index] = question;
    return { questions: list };
  };
  it.each([
    ['title', { title: 'ab' }, 'title is too short.'],
    ['title', { title: 't'.repeat(201) }, 'title is too long.'],
    ['description', { description: 'd'.repeat(5001) }, 'description is too long.'],
    ['questions', { questions: [] }, 'questions: a survey needs 1 to 50 questions'],
    ['questions', { questions: many(51) }, 'questions: a survey needs 1 to 50 questions'],
    ['questions.0.prompt', withQuestion(0, { kind: 'TEXT', prompt: '   ' }), 'question 1: prompt is required.'],
    ['questions.1.prompt', withQuestion(1, { kind: 'TEXT', prompt: 'p'.repeat(1001) }), 'question 2: prompt is too long.'],
    ['questions.2.choices', withQuestion(2, { kind: 'SINGLE_CHOICE', prompt: 'One?', choices: ['Only'] }), 'question 3: a single-choice question needs 2 to 20 choices'],
    ['questions.2.choices', withQuestion(2, { kind: 'MULTIPLE_CHOICE', prompt: 'Many?', choices: Array.from({ length: 21 }, (_, i) => `c${i}`) }), 'question 3: a multiple-choice question needs 2 to 20 choices'],
    ['questions.0.choices', withQuestion(0, { kind: 'SINGLE_CHOICE', prompt: 'Empty?', choices: ['Yes', ' '] }), 'question 1: choice 2 is empty'],
    ['questions.0.choices', withQuestion(0, { kind: 'SINGLE_CHOICE', prompt: 'Twice?', choices: ['Yes', 'No', 'YES'] }), 'question 1: choice 3 repeats choice 1'],
    ['questions.0.choices', withQuestion(0, { kind: 'SINGLE_CHOICE', prompt: 'Long?', choices: ['Yes', 'n'.repeat(301)] }), 'question 1: choice 2 is longer than 300 characters'],
    ['questions.1.choices', withQuestion(1, { kind: 'LIKERT', prompt: 'Agree?', choices: ['a', 'b', 'c'] }), 'question 2: a Likert question takes no choices (the 5 standard points) or exactly 5 labels'],
    ['questions.2.min', withQuestion(2, { kind: 'NUMBER', prompt: 'How many?', max: 10 }), 'question 3: a number question needs a min'],
    ['questions.2.max', withQuestion(2, { kind: 'NUMBER', prompt: 'How many?', min: 10, max: 10 }), 'question 3: max must be greater than min'],
    ['questions.2.choices', withQuestion(2, { kind: 'NUMBER', prompt: 'How many?', min: 0, max: 10, choices: ['x'] }), 'question 3: a number question takes no choices'],
    ['questions.0.choices', withQuestion(0, { kind: 'TEXT', prompt: 'Say', choices: ['x'] }), 'question 1: a text question takes no choices'],
    ['sampleSize', { sampleSize: 0 }, 'sampleSize: must be from 1 to 100000'],
    ['sampleSize', { sampleSize: 100_001 }, 'sampleSize: must be from 1 to 100000'],
    ['honorariumCents', { honorariumCents: -1 }, 'honorariumCents: must be from 0 to 100000'],
    ['honorariumCents', { honorariumCents: 100_001 }, 'honorariumCents: must be from 0 to 100000'],
    ['closesAt', { closesAt: new Date(Date.now() - 60_000).toISOString() }, 'closesAt: must be in the future'],
    ['targeting.specialties.1', { targeting: { specialties: ['cardiology', 'astrology'] } }, 'specialty 2: "astrology" is not a known specialty code (see the specialties query)'],
    ['targeting.countries.0', { targeting: { countries: ['XX'] } }, 'country 1: "XX" is not an ISO 3166-1 alpha-2 country code such as FR or BE'],
    ['targeting.regions.0', { targeting: { regions: ['r'.repeat(101)] } }, 'region 1 is too long.'],
    ['targeting.minYearsInPractice', { targeting: { minYearsInPractice: 61 } }, 'targeting.minYearsInPractice: must be from 0 to 60'],
    ['targeting.minYearsInPractice', { targeting: { minYearsInPractice: -1 } }, 'targeting.minYearsInPractice: must be from 0 to 60'],
  ])('refuses a bad %s (%#) with BAD_USER_INPUT naming it, and writes nothing', async (field, overrides, message) => {
    const client = await t.make.client();
    const res = await t.gql(CREATE, { input: input(overrides) }, { token: client.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0]?.message).toBe(message);
    expect(await surveysOf(client.account.organizationId!)).toEqual({ surveys: 0, questions: 0, choices: 0 });
  });

  it('reports every bad field of a request at once, each with its path, and writes nothing', async () => {
    const client = await t.make.client();
    const res = await t.gql(CREATE, {
      input: input({
        title: 'ab',
        sampleSize: 0,
        closesAt: new Date(Date.now() - 60_000).toISOString(),
        questions: [{ kind: 'TEXT', prompt: '   ' }, { kind: 'SINGLE_CHOICE', prompt: 'One?', choices: ['Only'] }],
        targeting: { countries: ['FR', 'XX'] },
      }),
    }, { token: client.token });
    expect(res.data).toBeNull();
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field, e.message, e.path])).toEqual([
      ['BAD_USER_INPUT', 'title', 'title is too short.', ['createSurvey']],
      ['BAD_USER_INPUT', 'questions.0.prompt', 'question 1: prompt is required.', ['createSurvey']],
      ['BAD_USER_INPUT', 'questions.1.choices', 'question 2: a single-choice question needs 2 to 20 choices', ['createSurvey']],
      ['BAD_USER_INPUT', 'targeting.countries.1', 'country 2: "XX" is not an ISO 3166-1 alpha-2 country code such as FR or BE', ['createSurvey']],
      ['BAD_USER_INPUT', 'sampleSize', 'sampleSize: must be from 1 to 100000', ['createSurvey']],
      ['BAD_USER_INPUT', 'closesAt', 'closesAt: must be in the future', ['createSurvey']],
    ]);
    expect(await surveysOf(client.account.organizationId!)).toEqual({ surveys: 0, questions: 0, choices: 0 });
  });

  it('gives a past closing date its own reason', async () => {
    const client = await t.make.client();
    const res = await t.gql(CREATE, { input: input({ closesAt: '2020-01-01T00:00:00Z' }) }, { token: client.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ field: 'closesAt', reason: 'past_date' });
  });
});

describe('editing a draft', () => {
  it('replaces the fields and the questions of a draft', async () => {
    const client = await t.make.client();
    const created = await t.gql<{ createSurvey: SurveyData }>(CREATE, { input: input() }, { token: client.token });
    const { id, questions: before } = created.data!.createSurvey;
    const res = await t.gql<{ updateSurvey: SurveyData }>(UPDATE, {
      id, input: input({ title: 'Otitis, revised', questions: [{ kind: 'TEXT', prompt: 'What changed?' }], targeting: { specialties: ['pediatrics'] } }),
    }, { token: client.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateSurvey).toMatchObject({ id, title: 'Otitis, revised', status: 'DRAFT', targeting: { specialties: ['pediatrics'] } });
    expect(res.data!.updateSurvey.questions.map((q) => q.prompt)).toEqual(['What changed?']);
    expect(await t.db.surveyQuestion.count({ where: { id: { in: before.map((q) => q.id) } } })).toBe(0);
    expect(await surveysOf(client.account.organizationId!)).toEqual({ surveys: 1, questions: 1, choices: 0 });
  });

  it('refuses a survey past DRAFT (wrong_state) and another organisation’s as if it did not exist (not_found), changing nothing', async () => {
    const owner = await t.make.client();
    const other = await t.make.client();
    const submitted = await t.make.survey({ owner, status: 'SUBMITTED' });
    const draft = await t.make.survey({ owner });
    const late = await t.gql(UPDATE, { id: submitted.id, input: input() }, { token: owner.token });
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'wrong_state' });
    const foreign = await t.gql(UPDATE, { id: draft.id, input: input() }, { token: other.token });
    const missing = await t.gql(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: input() }, { token: other.token });
    expect(foreign.errors?.[0]?.extensions).toEqual(missing.errors?.[0]?.extensions);
    expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'not_found' });
    for (const survey of [submitted, draft]) {
      const row = await t.db.survey.findUniqueOrThrow({ where: { id: survey.id }, include: { questions: true } });
      expect(row.title).toBe(survey.title);
      expect(row.questions.map((q) => q.id).sort()).toEqual(survey.questions.map((q) => q.id).sort());
    }
  });

  it('validates an edit as it validates a creation', async () => {
    const client = await t.make.client();
    const draft = await t.make.survey({ owner: client });
    const res = await t.gql(UPDATE, { id: draft.id, input: input({ questions: [{ kind: 'SINGLE_CHOICE', prompt: 'One?' }] }) }, { token: client.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'questions.0.choices' });
    expect(await t.db.surveyQuestion.count({ where: { surveyId: draft.id } })).toBe(draft.questions.length);
  });
});

describe('reach of a targeting', () => {
  beforeAll(async () => {
    // Belgium is this describe's own: no other test here makes a Belgian physician.
    const be = (specialty: string, more: { region?: string; practiceStartYear?: number } = {}) => ({ specialty, country: 'BE', ...more });
    for (let i = 0; i < 16; i += 1) await t.make.verifiedPhysician(be('rheumatology', { region: i < 3 ? 'Wallonie' : 'Bruxelles', practiceStartYear: i < 4 ? new Date().getUTCFullYear() - 2 : 2000 }));
    for (let i = 0; i < 3; i += 1) await t.make.verifiedPhysician(be('urology'));
    for (let i = 0; i < 4; i += 1) await t.make.revokedPhysician(be('rheumatology'));
    for (let i = 0; i < 4; i += 1) await t.make.pendingPhysician(be('rheumatology'));
  });

  it.each([
    ['all of a country (19 → 11: rounded down to ten, never below k)', { countries: ['BE'] }, { verifiedPhysicians: 11, enough: true }],
    ['one specialty (16 → 11), neither revoked nor pending counted', { countries: ['BE'], specialties: ['rheumatology'] }, { verifiedPhysicians: 11, enough: true }],
    ['at least 10 years in practice (12 → 11 at least)', { countries: ['BE'], specialties: ['rheumatology'], minYearsInPractice: 10 }, { verifiedPhysicians: 11, enough: true }],
    ['a small specialty (3): floored at k, not enough', { countries: ['BE'], specialties: ['urology'] }, { verifiedPhysicians: 11, enough: false }],
    ['a small region (3)', { countries: ['BE'], regions: ['Wallonie'] }, { verifiedPhysicians: 11, enough: false }],
    ['nobody', { countries: ['BE'], specialties: ['ophthalmology'] }, { verifiedPhysicians: 11, enough: false }],
  ])('%s', async (_label, targeting, told) => {
    const client = await t.make.client();
    const res = await t.gql<{ surveyReach: unknown }>(REACH, { t: targeting }, { token: client.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.surveyReach).toEqual(told);
  });

  it('validates the targeting it is given', async () => {
    const client = await t.make.client();
    const res = await t.gql(REACH, { t: { specialties: ['astrology'] } }, { token: client.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'specialties.0' });
  });
});

describe('duplicating a survey', () => {
  const DUPLICATE = `mutation ($id: ID!) { duplicateSurvey(id: $id) { ${SURVEY_FIELDS} } }`;
  const strip = (s: SurveyData) => s.questions.map(({ kind, prompt, min, max, choices }) => ({ kind, prompt, min, max, choices: choices.map((c) => c.label) }));

  it('makes a DRAFT copy of the client’s own survey, even a closed one: questions, choices, targeting, terms; new ids, no date, no answers', async () => {
    const client = await t.make.client();
    const closesAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const created = await t.gql<{ createSurvey: SurveyData }>(CREATE, { input: input({ closesAt, targeting: { specialties: ['pediatrics'], countries: ['FR'], minYearsInPractice: 5 } }) }, { token: client.token });
    const source = created.data!.createSurvey;
    await t.db.survey.update({ where: { id: source.id }, data: { status: 'CLOSED', responseCount: 40 } });
    const before = await surveysOf(client.account.organizationId!);
    const res = await t.gql<{ duplicateSurvey: SurveyData }>(DUPLICATE, { id: source.id }, { token: client.token, headers: { 'accept-language': 'fr' } });
    expect(res.errors).toBeUndefined();
    const copy = res.data!.duplicateSurvey;
    expect(copy).toMatchObject({
      status: 'DRAFT', title: 'Otitis in children (copie)', description: 'Five minutes.', sampleSize: 200, honorariumCents: 1500, closesAt: null, responseCount: 0,
      targeting: { specialties: ['pediatrics'], countries: ['FR'], regions: [], minYearsInPractice: 5 },
    });
    expect(copy.id).not.toBe(source.id);
    expect(strip(copy)).toEqual(strip(source));
    expect(copy.questions.map((q) => q.id)).not.toContain(source.questions[0]!.id);
    expect(await surveysOf(client.account.organizationId!)).toEqual({
      surveys: before.surveys + 1, questions: before.questions * 2, choices: before.choices * 2,
    });
    const english = await t.gql<{ duplicateSurvey: SurveyData }>(DUPLICATE, { id: source.id }, { token: client.token, headers: { 'accept-language': 'en' } });
    expect(english.data!.duplicateSurvey.title).toBe('Otitis in children (copy)');
  });

  it('answers another organisation’s survey as no survey, and copies nothing', async () => {
    const [owner, other] = [await t.make.client(), await t.make.client()];
    const survey = await t.make.survey({ owner, status: 'OPEN' });
    const before = await surveysOf(other.account.organizationId!);
    const res = await t.gql(DUPLICATE, { id: survey.id }, { token: other.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'not_found' });
    expect(await surveysOf(other.account.organizationId!)).toEqual(before);
  });
});
