/**
 * Matrix, ranking and "other (specify)" questions in the browser (#17): a physician answers a
 * matrix line by line, ranks a top 2 with one select per choice, picks "Other" and says what it
 * is; the stored answers are the ones chosen whatever order the page showed the choices in, and
 * the page passes axe.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql, openSurvey, PASSWORD, registerClient, verifiedPhysician } from './api.ts';
import { createAdmin, launchBrowser, logInOn, startStack, type Stack } from './harness.ts';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
const ADMIN_EMAIL = `admin.${randomBytes(4).toString('hex')}@example.org`;
const CLIENT_EMAIL = `kinds.${randomBytes(4).toString('hex')}@example.org`;
let adminToken = '';
let surveyId = '';
let physician = '';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ env: { REPORT_K: '2' } }), launchBrowser()]);
  const ready = stack;
  await createAdmin(ready, ADMIN_EMAIL, PASSWORD);
  adminToken = await apiLogin(ready, ADMIN_EMAIL);
  const clientToken = await registerClient(ready, CLIENT_EMAIL, 'Santé publique France');
  physician = await verifiedPhysician(ready, adminToken, { specialty: 'cardiology' });
  surveyId = await openSurvey(ready, clientToken, adminToken, {
    title: `New kinds ${randomBytes(2).toString('hex')}`,
    description: 'A matrix, a ranking and an other choice.',
    questions: [
      { kind: 'MATRIX', prompt: 'How much do you agree?', items: ['Guidelines are clear', 'Time is short'], shuffleChoices: true },
      { kind: 'RANKING', prompt: 'Rank your sources', choices: ['Journals', 'Colleagues', 'Congresses'], rankTop: 2, shuffleChoices: true },
      { kind: 'SINGLE_CHOICE', prompt: 'Main tool?', choices: ['Hospital platform', 'Video call'], otherChoice: 'Other (specify)' },
    ],
    targeting: { specialties: ['cardiology'], countries: ['FR'] },
    sampleSize: 2,
    honorariumCents: 0,
  });
}, 300_000);

afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await browser?.close();
  await stack?.stop();
});

async function logIn(email: string): Promise<Page> {
  if (!browser || !stack) throw new Error('stack not started');
  const context = await browser.newContext({ baseURL: stack.webUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  await logInOn(page, email, PASSWORD, 'en-GB');
  await page.goto(`/surveys/${surveyId}`);
  await page.getByTestId('survey-form').waitFor();
  return page;
}

describe('matrix, ranking and other in the browser', () => {
  it('takes a matrix, a top-2 ranking and an "other" answer with its text', async () => {
    const page = await logIn(physician);
    const line = (name: string) => page.getByRole('group', { name, exact: true });
    await line('Guidelines are clear').getByRole('radio', { name: 'Agree', exact: true }).check();
    await line('Time is short').getByRole('radio', { name: 'Strongly agree', exact: true }).check();
    await page.getByLabel('Congresses', { exact: true }).selectOption({ label: 'Rank 1' });
    await page.getByLabel('Journals', { exact: true }).selectOption({ label: 'Rank 2' });
    await page.getByRole('radio', { name: 'Other (specify)', exact: true }).check();
    await page.getByLabel('Please specify (Other (specify))').fill('Podcasts');

    await page.addScriptTag({ path: AXE_SCRIPT });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: Array<{ id: string }> }> } }).axe;
      return (await axe.run(document)).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);

    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByTestId('thank-you').waitFor({ timeout: 15_000 });
    const survey = await gql<{ survey: { responseCount: number } }>(stack!, 'query ($s: ID!) { survey(id: $s) { responseCount } }', { s: surveyId }, adminToken);
    expect(survey.survey.responseCount).toBe(1);
  }, 120_000);
});
