/**
 * Question logic in the browser (docs/survey-logic.md): two physicians answer the same survey;
 * the one who says "Yes" is shown the conditional question, the one who says "No" is not, and
 * the report gives that question the respondents who were shown it as its base.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerSurvey, gql, openSurvey, registerClient } from './api.ts';
import { useBrowserStack } from './browser-stack.ts';

const e2e = useBrowserStack({ env: { REPORT_K: '2' }, worker: true });

const CLIENT_EMAIL = `logic.${randomBytes(4).toString('hex')}@example.org`;
const TITLE = `Children in practice ${randomBytes(2).toString('hex')}`;
let adminToken = '';
let surveyId = '';
let physicians: string[] = [];

beforeAll(async () => {
  const ready = e2e.stack;
  adminToken = (await e2e.admin()).token;
  const clientToken = await registerClient(ready, CLIENT_EMAIL, 'Santé publique France');
  physicians = await Promise.all([1, 2, 3, 4].map(() => e2e.physician({ specialty: 'cardiology' })));
  surveyId = await openSurvey(ready, clientToken, adminToken, {
    title: TITLE,
    description: 'Three questions, one of them only for those who see children.',
    questions: [
      { kind: 'SINGLE_CHOICE', prompt: 'Do you see children?', choices: ['Yes', 'No'] },
      { kind: 'NUMBER', prompt: 'How many children a week?', min: 0, max: 100, showIf: { rules: [{ question: 0, operator: 'SELECTED', choice: 0 }] } },
      { kind: 'SINGLE_CHOICE', prompt: 'Do you work in a group practice?', choices: ['Group', 'Alone'] },
    ],
    targeting: { specialties: ['cardiology'], countries: ['FR'] },
    sampleSize: 4,
    honorariumCents: 0,
  });
}, 300_000);

async function logIn(email: string): Promise<Page> {
  const page = await e2e.logIn(email, { locale: 'en-GB', viewport: { width: 1280, height: 900 }, timeout: 5_000 });
  await page.goto(`/surveys/${surveyId}`);
  await page.getByTestId('survey-form').waitFor();
  return page;
}

describe('question logic in the browser', () => {
  it('shows the conditional question to the physician who says Yes, and not to the one who says No', async () => {
    const yes = await logIn(physicians[0]!);
    expect(await yes.getByTestId('question').count()).toBe(2);
    await yes.getByRole('radio', { name: 'Yes', exact: true }).check();
    await yes.getByLabel('How many children a week?').waitFor();
    expect(await yes.getByTestId('question').count()).toBe(3);
    // Changing one's mind hides it again, and back.
    await yes.getByRole('radio', { name: 'No', exact: true }).check();
    await expect.poll(() => yes.getByTestId('question').count()).toBe(2);
    await yes.getByRole('radio', { name: 'Yes', exact: true }).check();
    await yes.getByLabel('How many children a week?').fill('12');
    await yes.getByRole('radio', { name: 'Group', exact: true }).check();
    await yes.getByRole('button', { name: 'Send my answers' }).click();
    await yes.getByTestId('thank-you').waitFor({ timeout: 15_000 });

    const no = await logIn(physicians[1]!);
    await no.getByRole('radio', { name: 'No', exact: true }).check();
    await no.getByRole('radio', { name: 'Alone', exact: true }).check();
    expect(await no.getByLabel('How many children a week?').count()).toBe(0);
    await no.getByRole('button', { name: 'Send my answers' }).click();
    await no.getByTestId('thank-you').waitFor({ timeout: 15_000 });
  }, 120_000);

  it('gives the conditional question the respondents who were shown it as its base', async () => {
    await answerSurvey(e2e.stack, physicians[2]!, surveyId, [{ question: 0, choices: [0] }, { question: 1, number: 30 }, { question: 2, choices: [0] }]);
    // A second "No": with a single one (below k = 2) the conditional base would give it back, and
    // the question would be suppressed (analytics' disclosure.test.ts).
    await answerSurvey(e2e.stack, physicians[3]!, surveyId, [{ question: 0, choices: [1] }, { question: 2, choices: [1] }]);
    const report = async () =>
      (await gql<{ report: { status: string; respondents: number; questions: Array<{ n: number }> } | null }>(
        e2e.stack, 'query ($s: ID!) { report(surveyId: $s) { status respondents questions { n } } }', { s: surveyId }, adminToken,
      )).report;
    await expect.poll(async () => (await report())?.status ?? null, { timeout: 60_000, interval: 500 }).toBe('READY');
    const built = await report();
    expect(built!.respondents).toBe(4);
    expect(built!.questions.map((q) => q.n)).toEqual([4, 2, 4]);
  }, 90_000);
});
