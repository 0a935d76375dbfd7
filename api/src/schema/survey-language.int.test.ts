/**
 * Survey content in French and English (docs/survey-languages.md): a client writes a survey in
 * both languages (all the translations or none), physicians read it in theirs, and the report's
 * figures — the same numbers — are labelled in the language of the client who reads them, in
 * GraphQL and in the CSV and XLSX files.
 */
import ExcelJS from 'exceljs';
import { defaultReportSettings } from '@consilium/analytics/job';
import { buildReport } from '@consilium/analytics/reports-build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSurveyKey } from '../domain/blind-signatures/keys.ts';
import { ensureSurveyKeys } from '@consilium/jobs/survey-keys';
import { servedTestApp, type ServedTestApp } from '../test/harness.ts';
import { answer, takeToken, type OpenSurvey } from '../test/surveys.ts';

let t: ServedTestApp;
beforeAll(async () => {
  t = await servedTestApp({});
});
afterAll(() => t.close());

const EN = { 'accept-language': 'en-GB,en;q=0.9' };
const FR = { 'accept-language': 'fr-FR' };

const CREATE = `mutation ($i: SurveyInput!) { createSurvey(input: $i) { id language translationLanguage languages title primaryTitle titleTranslation
  questions { prompt primaryPrompt promptTranslation choices { label primaryLabel labelTranslation } } } }`;

/** An English client's bilingual survey: English first, French beside it. */
type Input = { [field: string]: unknown; questions: Array<Record<string, unknown>> };
function bilingualInput(overrides: Record<string, unknown> = {}): Input {
  return {
    title: 'Winter antibiotics', titleTranslation: 'Antibiotiques en hiver',
    description: 'Two minutes.', descriptionTranslation: 'Deux minutes.',
    sampleSize: 100, honorariumCents: 1000,
    questions: [
      { kind: 'SINGLE_CHOICE', prompt: 'Do you prescribe amoxicillin first?', promptTranslation: 'Prescrivez-vous l’amoxicilline en premier ?', choices: ['Yes', 'No'], choiceTranslations: ['Oui', 'Non'] },
      { kind: 'LIKERT', prompt: 'Guidelines are clear.', promptTranslation: 'Les recommandations sont claires.' },
      { kind: 'NUMBER', prompt: 'Patients a week?', promptTranslation: 'Patients par semaine ?', min: 0, max: 300 },
    ],
    ...overrides,
  };
}

async function englishClient() {
  const client = await t.make.client();
  await t.db.account.update({ where: { id: client.account.id }, data: { language: 'en' } });
  return client;
}

describe('writing a survey in two languages', () => {
  it('stores both languages, the primary one from the author’s account when the input names none', async () => {
    const client = await englishClient();
    const res = await t.gql<{ createSurvey: any }>(CREATE, { i: bilingualInput() }, { token: client.token, headers: FR });
    expect(res.errors).toBeUndefined();
    const s = res.data!.createSurvey;
    expect(s).toMatchObject({ language: 'en', translationLanguage: 'fr', languages: ['en', 'fr'], primaryTitle: 'Winter antibiotics', titleTranslation: 'Antibiotiques en hiver' });
    // Read in French (the request's language), the survey is French; its stored texts are both there.
    expect(s.title).toBe('Antibiotiques en hiver');
    expect(s.questions[0]).toMatchObject({ prompt: 'Prescrivez-vous l’amoxicilline en premier ?', primaryPrompt: 'Do you prescribe amoxicillin first?' });
    expect(s.questions[0].choices.map((c: any) => [c.label, c.primaryLabel, c.labelTranslation])).toEqual([['Oui', 'Yes', 'Oui'], ['Non', 'No', 'Non']]);
    // The standard Likert points, in both languages.
    expect(s.questions[1].choices.map((c: any) => c.primaryLabel)).toEqual(['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree']);
    expect(s.questions[1].choices[0].labelTranslation).toBe('Pas du tout d’accord');
  });

  it('keeps a survey monolingual when no translation is given, in the language it names', async () => {
    const client = await t.make.client();
    const input = { ...bilingualInput({ titleTranslation: null, descriptionTranslation: null }), language: 'en' };
    input.questions = input.questions.map((q) => ({ ...q, promptTranslation: null, choiceTranslations: null }));
    const s = (await t.gql<{ createSurvey: any }>(CREATE, { i: input }, { token: client.token, headers: FR })).data!.createSurvey;
    expect(s).toMatchObject({ language: 'en', translationLanguage: null, languages: ['en'], title: 'Winter antibiotics', titleTranslation: null });
    expect(s.questions[0].choices.map((c: any) => c.label)).toEqual(['Yes', 'No']);
  });

  it('refuses a half-translated survey, naming every missing translation, and writes nothing', async () => {
    const client = await englishClient();
    const before = await t.db.survey.count();
    const input = bilingualInput();
    input.questions = [
      { ...input.questions[0]!, choiceTranslations: ['Oui'] },
      { ...input.questions[1]!, promptTranslation: '  ' },
      input.questions[2]!,
    ];
    const res = await t.gql(CREATE, { i: { ...input, descriptionTranslation: null } }, { token: client.token });
    expect(res.errors?.every((e) => e.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
    expect(res.errors!.map((e) => e.extensions?.field).sort()).toEqual(['descriptionTranslation', 'questions.0.choiceTranslations', 'questions.1.promptTranslation'].sort());
    // A title translation alone is a bilingual survey missing the rest.
    const titleOnly = { ...bilingualInput({ descriptionTranslation: null }) };
    titleOnly.questions = titleOnly.questions.map((q) => ({ ...q, promptTranslation: null, choiceTranslations: null }));
    const fields = (await t.gql(CREATE, { i: titleOnly }, { token: client.token })).errors!.map((e) => e.extensions?.field);
    expect(fields).toEqual(expect.arrayContaining(['questions.0.promptTranslation', 'questions.0.choiceTranslations', 'questions.2.promptTranslation']));
    // Over the primary text's limit.
    const long = await t.gql(CREATE, { i: bilingualInput({ titleTranslation: 'x'.repeat(201) }) }, { token: client.token });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'titleTranslation' });
    expect(await t.db.survey.count()).toBe(before);
  });

  it('replaces the translations with the draft, and keeps the language an update does not name', async () => {
    const client = await englishClient();
    const { id } = (await t.gql<{ createSurvey: { id: string } }>(CREATE, { i: bilingualInput() }, { token: client.token })).data!.createSurvey;
    const input = bilingualInput({ titleTranslation: 'Les antibiotiques l’hiver' });
    const res = await t.gql<{ updateSurvey: any }>(`mutation ($id: ID!, $i: SurveyInput!) { updateSurvey(id: $id, input: $i) { language titleTranslation } }`, { id, i: input }, { token: client.token });
    expect(res.data!.updateSurvey).toEqual({ language: 'en', titleTranslation: 'Les antibiotiques l’hiver' });
  });
});

/** Opens a survey the way an approval does: its receipt key and eligibility keys. */
async function open(surveyId: string) {
  const receipt = await generateSurveyKey(t.env.SURVEY_KEY_SECRET);
  const survey = await t.db.survey.update({
    where: { id: surveyId },
    data: { status: 'OPEN', submittedAt: new Date(), openedAt: new Date(), receiptPublicKey: receipt.publicKey, receiptSealedKey: receipt.sealedPrivateKey },
    include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
  });
  await ensureSurveyKeys(t.db, t.env.SURVEY_KEY_SECRET, survey, t.env.REPORT_K);
  return survey as OpenSurvey;
}

const READ = `query ($s: ID!) { survey(id: $s) { title description questions { prompt choices { label } } } }`;
const REPORT = `query ($s: ID!) { report(surveyId: $s) { surveyTitle csvUrl xlsxUrl questions { prompt n choices { label count share } crossTabs { cells { choices { label } } } } } }`;

describe('a French physician answers, an English client reads the report', () => {
  it('shows each reader their language and labels the same figures in the client’s', async () => {
    const client = await englishClient();
    const { id } = (await t.gql<{ createSurvey: { id: string } }>(CREATE, { i: bilingualInput() }, { token: client.token })).data!.createSurvey;
    const survey = await open(id);

    // Physicians read the survey in their own language.
    const french = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
    const english = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'BE' });
    const read = async (token: string, headers: Record<string, string>) => (await t.gql<{ survey: any }>(READ, { s: id }, { token, headers })).data!.survey;
    expect(await read(french.token, FR)).toEqual({
      title: 'Antibiotiques en hiver', description: 'Deux minutes.',
      questions: [
        { prompt: 'Prescrivez-vous l’amoxicilline en premier ?', choices: [{ label: 'Oui' }, { label: 'Non' }] },
        { prompt: 'Les recommandations sont claires.', choices: ['Pas du tout d’accord', 'Plutôt pas d’accord', 'Ni d’accord ni pas d’accord', 'Plutôt d’accord', 'Tout à fait d’accord'].map((label) => ({ label })) },
        { prompt: 'Patients par semaine ?', choices: [] },
      ],
    });
    expect((await read(english.token, EN)).questions[0]).toEqual({ prompt: 'Do you prescribe amoxicillin first?', choices: [{ label: 'Yes' }, { label: 'No' }] });
    const inbox = await t.gql<{ surveyInbox: Array<{ id: string; title: string }> }>('{ surveyInbox { id title } }', {}, { token: french.token, headers: FR });
    expect(inbox.data!.surveyInbox.find((s) => s.id === id)?.title).toBe('Antibiotiques en hiver');

    // The French physician answers "Oui" (choices are named by id: the language of the page does not matter), then 21 more answers (11 of each choice: no cell below k).
    const [single, likert, number] = survey.questions;
    const answers = (choice: number) => [
      { questionId: single!.id, choiceIds: [single!.choices[choice]!.id] },
      { questionId: likert!.id, choiceIds: [likert!.choices[3]!.id] },
      { questionId: number!.id, number: 30 },
    ];
    const { res } = await answer(t, survey, await takeToken(t, survey, french), answers(0));
    expect(res.errors).toBeUndefined();
    for (let i = 0; i < 21; i++) {
      await t.db.surveyResponse.create({ data: { surveyId: id, segment: 'cardiology|FR|10-19', submittedOn: new Date(), answers: { create: answers(i < 10 ? 0 : 1) } } });
    }
    const closedAt = new Date(Date.now() - 72 * 3_600_000);
    await t.db.survey.update({ where: { id }, data: { status: 'CLOSED', closedAt } });
    await t.db.report.create({ data: { surveyId: id, dueAt: closedAt } });
    expect((await buildReport(t.db, id, defaultReportSettings)).built).toBe(true);
    await t.db.reportOrder.create({
      data: { surveyId: id, organizationId: client.account.organizationId!, amountCents: 1, baseFeeCents: 1, perRespondentCents: 0, respondents: 22, invoiceNumber: `LANG-${id.slice(0, 8)}`, buyerName: 'Agence test', totalCents: 1, dueAt: new Date(), status: 'PAID', paidAt: new Date() },
    });

    // The English client reads English labels; a French reader of the same report, French ones: the same numbers.
    const report = async (headers: Record<string, string>) => (await t.gql<{ report: any }>(REPORT, { s: id }, { token: client.token, headers })).data!.report;
    const inEnglish = await report(EN);
    const inFrench = await report(FR);
    expect(inEnglish.surveyTitle).toBe('Winter antibiotics');
    expect(inEnglish.questions[0].prompt).toBe('Do you prescribe amoxicillin first?');
    expect(inEnglish.questions[0].choices.map((c: any) => [c.label, c.count])).toEqual([['Yes', 11], ['No', 11]]);
    expect(inEnglish.questions[1].choices.map((c: any) => c.label)).toEqual(['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree']);
    expect(inEnglish.questions[0].crossTabs.flatMap((tab: any) => tab.cells.flatMap((c: any) => c.choices.map((x: any) => x.label)))).not.toContain('Oui');
    expect(inFrench.questions[0].choices.map((c: any) => [c.label, c.count])).toEqual([['Oui', 11], ['Non', 11]]);
    const numbers = (r: any) => r.questions.map((q: any) => [q.n, q.choices.map((c: any) => [c.count, c.share])]);
    expect(numbers(inFrench)).toEqual(numbers(inEnglish));

    // The files: in the language the client asks in, else in its account's (English).
    const csv = await (await fetch(`${t.url}${inEnglish.csvUrl}`)).text();
    expect(csv).toContain('Do you prescribe amoxicillin first?');
    expect(csv).toContain('Strongly agree');
    expect(csv).not.toContain('Oui');
    const csvFr = await (await fetch(`${t.url}${inEnglish.csvUrl}`, { headers: FR })).text();
    expect(csvFr).toContain('Prescrivez-vous l’amoxicilline en premier ?');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await (await fetch(`${t.url}${inEnglish.xlsxUrl}`, { headers: EN })).arrayBuffer()) as unknown as ArrayBuffer);
    const q1 = book.getWorksheet('Q1')!.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(q1[0]).toEqual(['Do you prescribe amoxicillin first?']);
    expect(q1.map((row) => row[0])).toEqual(expect.arrayContaining(['Yes', 'No']));
  });
});
