/**
 * The worker-built files of a report, end to end through the API: the order of the
 * respondent-level file (and its free texts), the links on Report, and the signed downloads —
 * the same credential as the CSV and the workbook, one per format.
 */
import JSZip from 'jszip';
import { defaultReportSettings } from '@consilium/analytics/job';
import { buildReport } from '@consilium/analytics/reports-build';
import { buildReportFiles } from '@consilium/analytics/reports-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedTestApp, type ServedTestApp } from '../test/harness.ts';

let t: ServedTestApp;
beforeAll(async () => {
  t = await servedTestApp({});
});
afterAll(() => t.close());

const ORDER = 'mutation ($s: ID!, $f: Boolean, $x: Boolean) { orderReport(surveyId: $s, respondentFile: $f, respondentTexts: $x) { id status respondentFile respondentTexts } }';
const PAY = 'mutation ($o: ID!) { markOrderPaid(orderId: $o) { id } }';
const REPORT = 'query ($s: ID!) { report(surveyId: $s) { status csvUrl fr: pdfUrl(language: "fr") en: pdfUrl(language: "en") pdfUrl respondentFileOrdered respondentFileUrl } }';

/** 40 responses: cardiology (FR) and pediatrics (FR), a single choice and a number. */
async function readySurvey(textsToClient: boolean) {
  const client = await t.make.client();
  const admin = await t.make.admin();
  const survey = await t.make.survey({ owner: client, status: 'CLOSED', questions: ['SINGLE_CHOICE', 'NUMBER'], title: 'Winter prescribing' });
  const closedAt = new Date(Date.now() - 72 * 3_600_000);
  await t.db.survey.update({ where: { id: survey.id }, data: { closedAt, responseCount: 40, tokensIssued: 40, textsToClient } });
  const [single, number] = survey.questions;
  for (let i = 0; i < 40; i++) {
    await t.db.surveyResponse.create({
      data: {
        surveyId: survey.id, segment: i < 25 ? 'cardiology|FR|10-19' : 'pediatrics|FR|20-29', submittedOn: new Date(), settled: true,
        answers: { create: [{ questionId: single!.id, choiceIds: [single!.choices[i % 2]!.id] }, { questionId: number!.id, number: i }] },
      },
    });
  }
  await t.db.report.create({ data: { surveyId: survey.id, dueAt: closedAt } });
  expect((await buildReport(t.db, survey.id, defaultReportSettings)).built).toBe(true);
  return { client, admin, survey };
}

describe('report files', () => {
  it('refuses free texts without the file, or when the physicians were not told, and writes nothing', async () => {
    const { client, survey } = await readySurvey(false);
    const noFile = await t.gql(ORDER, { s: survey.id, f: false, x: true }, { token: client.token });
    expect(noFile.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'respondentTexts', reason: 'needs_respondent_file' });
    const untold = await t.gql(ORDER, { s: survey.id, f: true, x: true }, { token: client.token });
    expect(untold.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'respondentTexts', reason: 'not_announced' });
    expect(await t.db.reportOrder.count({ where: { surveyId: survey.id } })).toBe(0);
  }, 120_000);

  it('adds the respondent-level file to an existing order, and serves the PDF and the file behind their own links once built', async () => {
    const { client, admin, survey } = await readySurvey(true);
    const first = (await t.gql<{ orderReport: { id: string } }>(ORDER, { s: survey.id }, { token: client.token })).data!.orderReport;
    const again = (await t.gql<{ orderReport: Record<string, unknown> }>(ORDER, { s: survey.id, f: true, x: true }, { token: client.token })).data!.orderReport;
    expect(again).toEqual({ id: first.id, status: 'INVOICED', respondentFile: true, respondentTexts: true });
    await t.gql(PAY, { o: first.id }, { token: admin.token });

    // READY, but the worker has not built the files yet: no links, and a signed link finds nothing.
    const before = (await t.gql<{ report: Record<string, string | null> }>(REPORT, { s: survey.id }, { token: client.token })).data!.report;
    expect(before).toMatchObject({ status: 'READY', fr: null, en: null, pdfUrl: null, respondentFileOrdered: true, respondentFileUrl: null });
    const german = await t.gql(`query ($s: ID!) { report(surveyId: $s) { pdfUrl(language: "de") } }`, { s: survey.id }, { token: client.token });
    expect(german.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });

    expect(await buildReportFiles(t.db, survey.id)).toEqual({ built: ['report-fr.pdf', 'report-en.pdf', 'respondents.zip'] });
    const r = (await t.gql<{ report: Record<string, string> }>(REPORT, { s: survey.id }, { token: client.token })).data!.report;
    expect(r.fr).toMatch(new RegExp(`^/reports/${survey.id}\\.fr\\.pdf\\?expires=\\d+&sig=[0-9a-f]{64}$`));
    expect(r.respondentFileUrl).toMatch(new RegExp(`^/reports/${survey.id}\\.respondents\\.zip\\?`));
    const pdf = await fetch(`${t.url}${r.en}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).toString('latin1')).toContain('/Lang (en)');
    const zip = await fetch(`${t.url}${r.respondentFileUrl}`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const files = await JSZip.loadAsync(Buffer.from(await zip.arrayBuffer()));
    const csv = (await files.file('respondents.csv')!.async('string')).trim().split('\n');
    expect(csv).toHaveLength(41);

    // One format's signature opens no other: the PDF's link gives neither the other language nor the file.
    const [, enQuery] = r.en!.split('?');
    expect((await fetch(`${t.url}/reports/${survey.id}.fr.pdf?${enQuery}`)).status).toBe(403);
    expect((await fetch(`${t.url}/reports/${survey.id}.respondents.zip?${enQuery}`)).status).toBe(403);
    const [, csvQuery] = r.csvUrl!.split('?');
    expect((await fetch(`${t.url}/reports/${survey.id}.en.pdf?${csvQuery}`)).status).toBe(403);
    // The order no longer includes the file (an admin's correction): the link finds nothing.
    await t.db.reportOrder.update({ where: { id: first.id }, data: { respondentFile: false } });
    expect((await fetch(`${t.url}${r.respondentFileUrl}`)).status).toBe(404);
  }, 120_000);

  it('keeps the survey’s textsToClient as the client set it, false by default, and in its copy', async () => {
    const client = await t.make.client();
    const CREATE = 'mutation ($input: SurveyInput!) { createSurvey(input: $input) { id textsToClient } }';
    const input = { title: 'Free texts', description: '', questions: [{ kind: 'TEXT', prompt: 'Why?' }], sampleSize: 20, honorariumCents: 0 };
    const plain = await t.gql<{ createSurvey: { textsToClient: boolean } }>(CREATE, { input }, { token: client.token });
    expect(plain.data!.createSurvey.textsToClient).toBe(false);
    const told = await t.gql<{ createSurvey: { id: string; textsToClient: boolean } }>(CREATE, { input: { ...input, textsToClient: true } }, { token: client.token });
    expect(told.data!.createSurvey.textsToClient).toBe(true);
    const copy = await t.gql<{ duplicateSurvey: { textsToClient: boolean } }>('mutation ($id: ID!) { duplicateSurvey(id: $id) { textsToClient } }', { id: told.data!.createSurvey.id }, { token: client.token });
    expect(copy.data!.duplicateSurvey.textsToClient).toBe(true);
  }, 120_000);
});
