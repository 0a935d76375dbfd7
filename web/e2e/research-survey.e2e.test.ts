/**
 * A research-grade survey end to end (#17's proof), in Chromium: a client builds a survey with a
 * condition and a quota in the builder and submits it; an admin approves it; two physicians answer
 * in their browsers — the one who says "Yes" is shown the conditional question, the one who says
 * "No" is not, and their answers are accepted; once the quota cell is full, a third physician is
 * told so and takes no token. The client closes the survey and orders the report with the
 * respondent-level file; an admin marks it paid; the worker builds the report and its files. The
 * client reads the weighted figures beside the raw ones (weighted to the verified members: no
 * registry is imported here), and downloads the XLSX, the PDF and the respondent-level zip.
 *
 * k is 2 (REPORT_K, read by the API and the worker), so that four respondents publish figures.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerSurvey, gql, registerClient } from './api.ts';
import { useBrowserStack } from './browser-stack.ts';
import { openReportFromOrders, text } from './harness.ts';

const K = 2;
// The worker's sweeps are an hour apart: answers are settled (their labels coarsened until each
// group holds k answers) when the report is built, over all four. Settled one by one as they come,
// the first answers would each be alone and keep the root label for good — no specialty to weight
// by. The API queues the build when the survey closes, and the files when the order is paid.
const e2e = useBrowserStack({ env: { REPORT_K: String(K), SWEEP_EVERY_SECONDS: '3600' }, worker: true });

const CLIENT_EMAIL = `research.${randomBytes(4).toString('hex')}@example.org`;
const TITLE = `Children in cardiology and general practice ${randomBytes(2).toString('hex')}`;
const CONDITIONAL = 'How many children a week?';
/** At most this many answers from France: every respondent here is French. */
const QUOTA = 4;

let clientToken = '';
let surveyId = '';
let invoiceNumber = '';
/** Cardiologists say "Yes", general practitioners "No"; the last cardiologist meets the full quota. */
let cardiologists: string[] = [];
let generalists: string[] = [];

beforeAll(async () => {
  clientToken = await registerClient(e2e.stack, CLIENT_EMAIL, 'Santé publique France');
  // The frame (verified members, targeted specialties × countries): 3 cardiologists, 4 GPs. Made
  // before the survey opens, so that no key label is generalised for having fewer than k physicians.
  [cardiologists, generalists] = await Promise.all([
    Promise.all([1, 2, 3].map(() => e2e.physician({ specialty: 'cardiology' }))),
    Promise.all([1, 2, 3, 4].map(() => e2e.physician({ specialty: 'general-practice' }))),
  ]);
}, 300_000);

const logIn = (email: string): Promise<Page> => e2e.logIn(email, { locale: 'en-GB', timeout: 15_000, context: { acceptDownloads: true } });

async function reportStatus(): Promise<string | null> {
  const { report } = await gql<{ report: { status: string } | null }>(e2e.stack, 'query ($s: ID!) { report(surveyId: $s) { status } }', { s: surveyId }, (await e2e.admin()).token);
  return report?.status ?? null;
}

async function download(page: Page, testId: string): Promise<{ file: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { file, bytes: await readFile((await file.path()) ?? '') };
}

describe('a research-grade survey, from the builder to the files', () => {
  it('a client builds a survey with a condition and a quota, and an admin approves it', async () => {
    const client = await logIn(CLIENT_EMAIL);
    await client.goto('/my-surveys/new');
    await client.getByLabel('Title', { exact: true }).fill(TITLE);
    const editors = client.getByTestId('question-editor');
    const first = editors.nth(0);
    await first.getByLabel('Question', { exact: true }).fill('Do you see children?');
    await first.getByLabel('Choice 1', { exact: true }).fill('Yes');
    await first.getByLabel('Choice 2', { exact: true }).fill('No');

    // The second question is shown only to those who chose choice 1 ("Yes") at question 1.
    await client.getByRole('button', { name: 'Number', exact: true }).click();
    const second = editors.nth(1);
    await second.getByLabel('Question', { exact: true }).fill(CONDITIONAL);
    await second.getByLabel('Largest answer').fill('100');
    await second.getByText('Logic: when this question is shown').click();
    await second.getByLabel('Rule 1: question').selectOption('1');
    await second.getByLabel('Condition').first().selectOption('SELECTED');
    await second.getByLabel('Choice number').first().fill('1');

    await client.getByLabel('Cardiology').check();
    await client.getByLabel('General practice').check();
    await client.getByLabel('France').check();
    // The quota: at most QUOTA answers from France.
    const cell = client.getByTestId('quota-row').first();
    await cell.getByLabel('Country', { exact: true }).selectOption('FR');
    await cell.getByLabel('At most (answers)').fill(String(QUOTA));
    await client.getByLabel('Sample size', { exact: true }).fill('10');
    await client.getByLabel('Honorarium per answer').fill('0');
    await client.getByRole('button', { name: 'Submit for review' }).click();
    await client.waitForURL((url) => url.pathname === '/my-surveys');
    expect(await text(client, '[data-testid="surveys-notice"]')).toBe(`“${TITLE}” was submitted: an administrator will review it.`);

    const { mySurveys } = await gql<{ mySurveys: Array<{ id: string; title: string; questions: Array<{ showIf: unknown }>; quotas: Array<{ country: string | null; maxAnswers: number }> }> }>(
      e2e.stack, '{ mySurveys { id title questions { showIf { combine } } quotas { country maxAnswers } } }', {}, clientToken,
    );
    const saved = mySurveys.find((s) => s.title === TITLE)!;
    surveyId = saved.id;
    expect(saved.questions.map((q) => q.showIf !== null)).toEqual([false, true]);
    expect(saved.quotas).toEqual([{ country: 'FR', maxAnswers: QUOTA }]);

    const admin = await logIn((await e2e.admin()).email);
    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Survey review' }).click();
    const card = admin.locator('article', { hasText: TITLE });
    await card.getByRole('button', { name: `Approve ${TITLE}` }).click();
    await admin.getByText(`Survey “${TITLE}” approved: it is open.`).waitFor();
  }, 120_000);

  it('one physician is shown the conditional question, one is not; once the quota is full, a third is told so', async () => {
    const open = async (email: string) => {
      const page = await logIn(email);
      await page.goto(`/surveys/${surveyId}`);
      return page;
    };
    const yes = await open(cardiologists[0]!);
    await yes.getByTestId('survey-form').waitFor();
    expect(await yes.getByLabel(CONDITIONAL).count()).toBe(0);
    await yes.getByRole('radio', { name: 'Yes', exact: true }).check();
    await yes.getByLabel(CONDITIONAL).fill('12');
    await yes.getByRole('button', { name: 'Send my answers' }).click();
    await yes.getByTestId('thank-you').waitFor({ timeout: 30_000 });

    const no = await open(generalists[0]!);
    await no.getByTestId('survey-form').waitFor();
    await no.getByRole('radio', { name: 'No', exact: true }).check();
    expect(await no.getByLabel(CONDITIONAL).count()).toBe(0);
    expect(await no.getByTestId('question').count()).toBe(1);
    await no.getByRole('button', { name: 'Send my answers' }).click();
    await no.getByTestId('thank-you').waitFor({ timeout: 30_000 });

    // Two more answers fill France's cell (4): a cardiologist says "Yes", a GP "No".
    await answerSurvey(e2e.stack, cardiologists[1]!, surveyId, [{ question: 0, choices: [0] }, { question: 1, number: 30 }]);
    await answerSurvey(e2e.stack, generalists[1]!, surveyId, [{ question: 0, choices: [1] }]);

    const late = await open(cardiologists[2]!);
    await late.getByText('This survey’s quota for your group is full').waitFor();
    expect(await late.getByTestId('survey-form').count()).toBe(0);
  }, 120_000);

  it('the client sees the full quota and closes the survey (the third physician took no token), orders the report with the respondent-level file; an admin marks it paid', async () => {
    const client = await logIn(CLIENT_EMAIL);
    await client.goto(`/my-surveys/${surveyId}`);
    // A full cell shows its maximum (k ≤ maximum).
    expect(await text(client, '[data-testid="quota-fill"] tbody tr')).toContain(`Full (${QUOTA})`);
    await client.getByRole('button', { name: 'Close the survey' }).click();
    await client.getByRole('button', { name: 'Yes, close the survey' }).click();
    await client.getByTestId('survey-notice').getByText('is closed').waitFor();
    // The transparency page (closed surveys) counts the tokens issued: the four respondents', none for the one the quota turned away.
    const late = await logIn(cardiologists[2]!);
    await late.getByRole('link', { name: 'Transparency' }).click();
    const transparency = late.getByTestId('transparency-row').filter({ hasText: TITLE });
    expect(await transparency.getByTestId('tokens').textContent()).toBe(String(QUOTA));
    expect(await transparency.getByTestId('responses').textContent()).toBe(String(QUOTA));
    await expect.poll(reportStatus, { timeout: 60_000, interval: 500 }).toBe('READY');
    await client.reload();
    const amount = await text(client, '[data-testid="quote-amount"]');
    await client.getByTestId('order-respondent-file').check();
    await client.getByRole('button', { name: 'Order the report' }).click();
    await client.getByText(`for ${amount}?`).waitFor();
    await client.getByRole('button', { name: 'Yes, order it' }).click();
    await client.getByTestId('survey-notice').getByText('Report ordered: invoice').waitFor();
    invoiceNumber = (await text(client, '[data-testid="survey-notice"]')).replace(/^Report ordered: invoice (.+)\.$/, '$1');

    const admin = await logIn((await e2e.admin()).email);
    await admin.goto('/orders');
    const row = admin.getByTestId('order-row').filter({ hasText: TITLE });
    await row.getByRole('button', { name: `Mark paid ${invoiceNumber}` }).click();
    await row.getByRole('button', { name: 'Yes, payment received' }).click();
    await admin.getByTestId('orders-notice').getByText(`Invoice ${invoiceNumber} marked paid`).waitFor();
  }, 120_000);

  it('the client reads weighted figures beside raw ones, and downloads the XLSX, the PDF and the respondent-level file', async () => {
    const client = await logIn(CLIENT_EMAIL);
    await openReportFromOrders(client, TITLE, surveyId);
    expect(await text(client, '[data-testid="respondents"]')).toBe(String(QUOTA));
    // The frame: the verified members of the targeted specialties in France (3 cardiologists, 4 GPs).
    const frame = await text(client, '[data-testid="frame-statement"]');
    expect(frame).toContain('calibrated to Consilium’s verified members');
    expect(frame).toContain('7 physicians');

    // Question 1: raw 50% "Yes" (the two cardiologists); weighted to the frame, 3/7 = 42.9%.
    const questions = client.getByTestId('report-question');
    const weighted = questions.nth(0).getByTestId('weighted');
    const yesRow = weighted.locator('tbody tr', { has: client.getByRole('rowheader', { name: 'Yes', exact: true }) });
    expect(await yesRow.locator('td').nth(0).textContent()).toBe('50%');
    expect(await yesRow.getByTestId('weighted-share').textContent()).toBe('42.9%');
    const noRow = weighted.locator('tbody tr', { has: client.getByRole('rowheader', { name: 'No', exact: true }) });
    expect(await noRow.getByTestId('weighted-share').textContent()).toBe('57.1%');
    expect(await weighted.getByTestId('weighting-how').textContent()).toMatch(/^Post-stratification on (specialty × country|country × specialty);/);

    // The XLSX: a "Method" sheet, one sheet per question (and per cross-tab).
    const xlsx = await download(client, 'xlsx-link');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from(xlsx.bytes));
    const sheets = workbook.worksheets.map((s) => s.name);
    expect(sheets).toEqual(expect.arrayContaining(['Method', 'Q1', 'Q2']));
    const q1 = workbook.getWorksheet('Q1')!;
    const cells: string[] = [];
    q1.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain('Do you see children?');

    // The worker builds the PDF and the respondent-level file after the report is paid.
    await expect.poll(async () => {
      await client.reload();
      return client.getByTestId('respondent-file-link').count();
    }, { timeout: 60_000, interval: 1_500 }).toBe(1);
    const pdf = await download(client, 'pdf-link');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A cover, the method statement, then the questions: more than one page.
    const pages = pdf.bytes.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
    expect(pages.length).toBeGreaterThan(1);

    const zipped = await download(client, 'respondent-file-link');
    const zip = await JSZip.loadAsync(zipped.bytes);
    expect(Object.keys(zip.files).sort()).toEqual(expect.arrayContaining(['respondents.csv', 'respondents.sps', 'respondents.do', 'respondents.R']));
    const csv = (await zip.file('respondents.csv')!.async('string')).trim().split('\n');
    const header = csv[0]!.split(',');
    // One row per respondent; the columns are the segment's parts and the answers, nothing that names anyone.
    expect(csv.length - 1).toBe(QUOTA);
    for (const column of header) expect(column).toMatch(/^(specialty|specialty_group|country|region|years_band|q\d+(_\d+)?)$/);
    expect(header).toContain('q1');
    // The conditional question is a number answered by two: fewer values than the 2k − 1 that
    // top and bottom coding at the k-th value need, so the file leaves it out and its README says why.
    expect(header).not.toContain('q2');
    const readme = await zip.file('README.txt')!.async('string');
    expect(readme).toMatch(/(too few answers for k|trop peu de réponses pour k)\s?:\s*q2\b/);
    // Question 1: two answers for each choice, each held by k = 2 rows, so neither is recoded as suppressed (99).
    const q1Column = header.indexOf('q1');
    const q1Values = csv.slice(1).map((line) => line.split(',')[q1Column]!);
    expect(new Set(q1Values).size).toBe(2);
    expect(q1Values).not.toContain('99');
    for (const value of q1Values) expect(q1Values.filter((v) => v === value)).toHaveLength(2);
    const everything = csv.join('\n');
    for (const email of [...cardiologists, ...generalists]) expect(everything).not.toContain(email);
  }, 120_000);
});
