/**
 * A survey in French and English (docs/survey-languages.md): an English-speaking client writes
 * both languages side by side in the builder; once the survey opens, a physician reading French
 * sees it in French and one reading English sees it in English — the choices, the "other
 * (specify)" label and a matrix's lines included.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql, PASSWORD, registerClient, verifiedPhysician } from './api.ts';
import { createAdmin, launchBrowser, logInOn, startStack, type Stack } from './harness.ts';

let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
const CLIENT_EMAIL = `languages.${randomBytes(4).toString('hex')}@example.org`;
const ADMIN_EMAIL = `admin.${randomBytes(4).toString('hex')}@example.org`;
const TITLE = `Winter antibiotics ${randomBytes(2).toString('hex')}`;
let clientToken = '';
let adminToken = '';
let physicians: string[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ env: { REPORT_K: '2' } }), launchBrowser()]);
  const ready = stack;
  clientToken = await registerClient(ready, CLIENT_EMAIL, 'Santé publique test');
  await createAdmin(ready, ADMIN_EMAIL, PASSWORD);
  adminToken = await apiLogin(ready, ADMIN_EMAIL);
  physicians = await Promise.all([1, 2].map(() => verifiedPhysician(ready, adminToken, { specialty: 'cardiology' })));
}, 300_000);

afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await browser?.close();
  await stack?.stop();
});

async function logIn(email: string, locale: 'fr-FR' | 'en-GB'): Promise<Page> {
  if (!browser || !stack) throw new Error('stack not started');
  const context = await browser.newContext({ baseURL: stack.webUrl, locale, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  // Generous: the builder posts to the API through the web server, on a shared, loaded machine.
  page.setDefaultTimeout(15_000);
  await logInOn(page, email, PASSWORD, locale);
  return page;
}

describe('a survey in two languages', () => {
  it('is written side by side in the builder and read by each physician in theirs', async () => {
    const client = await logIn(CLIENT_EMAIL, 'en-GB');
    await client.goto('/my-surveys/new');
    await client.getByLabel('Language of the survey').selectOption('en');
    await client.getByLabel('Also write it in French').check();
    await client.getByLabel('Title', { exact: true }).fill(TITLE);
    await client.getByLabel('Title in French').fill('Antibiotiques en hiver');
    const first = client.getByTestId('question-editor').nth(0);
    await first.getByLabel('Question', { exact: true }).fill('Do you prescribe amoxicillin first?');
    await first.getByLabel('Question in French').fill('Prescrivez-vous l’amoxicilline en premier ?');
    await first.getByLabel('Choice 1', { exact: true }).fill('Yes');
    await first.getByLabel('Choice 2', { exact: true }).fill('No');
    await first.getByLabel('Choice 1 in French').fill('Oui');
    // The "other (specify)" label and a matrix's lines have their translation beside them, typed from the keyboard.
    await first.getByLabel('"Other (specify)" choice (optional)').fill('Other');
    await first.getByLabel('"Other (specify)" label in French').focus();
    await client.keyboard.type('Autre');
    await client.getByRole('button', { name: 'Matrix (several lines on one 5-point scale)' }).click();
    const matrix = client.getByTestId('question-editor').nth(1);
    await matrix.getByLabel('Question', { exact: true }).fill('How hard is each of these?');
    await matrix.getByLabel('Question in French').fill('À quel point chacun est-il difficile ?');
    await matrix.getByLabel('Lines of the matrix', { exact: true }).fill('Cost\nDelay');
    await matrix.getByLabel('Lines of the matrix in French').fill('Coût');
    await client.getByLabel('Sample size', { exact: true }).fill('10');
    await client.getByLabel('Honorarium per answer').fill('0');

    // One choice left untranslated: the API names it, next to its inputs, and nothing is saved.
    await client.getByRole('button', { name: 'Save as draft' }).click();
    await first.getByText('Translate every choice of this question').waitFor();
    expect(new URL(client.url()).pathname).toBe('/my-surveys/new');

    await first.getByLabel('Choice 2 in French').fill('Non');
    // One line of the matrix left untranslated: named beside the matrix's translation (the
    // first answer named it already: this waits for the second one, whose values the form takes).
    await Promise.all([client.waitForResponse((r) => r.url().includes('?/save')), client.getByRole('button', { name: 'Save as draft' }).click()]);
    await first.getByText('Translate every choice of this question').waitFor({ state: 'detached' });
    await matrix.getByText('Translate every line of this matrix').waitFor();
    expect(await matrix.getByLabel('Lines of the matrix in French').getAttribute('aria-invalid')).toBe('true');
    expect(new URL(client.url()).pathname).toBe('/my-surveys/new');

    await matrix.getByLabel('Lines of the matrix in French').fill('Coût\nDélai');
    expect(await matrix.getByLabel('Lines of the matrix in French').inputValue()).toBe('Coût\nDélai');
    await client.getByRole('button', { name: 'Save as draft' }).click();
    await client.waitForURL((url) => /^\/my-surveys\/[0-9a-f-]{36}\/edit$/.test(url.pathname), { timeout: 15_000 }).catch(async (err: unknown) => {
      throw new Error(`${String(err)}\n${await client.locator('main').innerText()}`);
    });
    const surveyId = new URL(client.url()).pathname.split('/')[2]!;
    // The editor shows the texts as written, both languages.
    expect(await client.getByLabel('Title in French').inputValue()).toBe('Antibiotiques en hiver');
    expect(await first.getByLabel('Choice 2 in French').inputValue()).toBe('Non');
    expect(await first.getByLabel('"Other (specify)" choice (optional)').inputValue()).toBe('Other');
    expect(await first.getByLabel('"Other (specify)" label in French').inputValue()).toBe('Autre');
    expect(await matrix.getByLabel('Lines of the matrix', { exact: true }).inputValue()).toBe('Cost\nDelay');
    expect(await matrix.getByLabel('Lines of the matrix in French').inputValue()).toBe('Coût\nDélai');
    // On a phone, the page loaded again: each text sits above its translation, and nothing scrolls sideways.
    await client.setViewportSize({ width: 360, height: 740 });
    await client.goto(`/my-surveys/${surveyId}/edit`);
    await expect.poll(() => client.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const [original, translated] = await Promise.all([
      matrix.getByLabel('Lines of the matrix', { exact: true }).boundingBox(),
      matrix.getByLabel('Lines of the matrix in French').boundingBox(),
    ]);
    expect(translated!.y).toBeGreaterThan(original!.y + original!.height - 1);
    // Saved again unchanged (in place: an edited draft stays on its page), the translations stay.
    await client.getByRole('button', { name: 'Save as draft' }).click();
    await client.getByTestId('survey-builder').getByRole('status').getByText('Draft saved.').waitFor();
    expect(await client.getByTestId('question-editor').nth(1).getByLabel('Lines of the matrix in French').inputValue()).toBe('Coût\nDélai');
    expect(await client.getByTestId('question-editor').nth(0).getByLabel('"Other (specify)" label in French').inputValue()).toBe('Autre');

    await gql(stack!, 'mutation ($id: ID!) { submitSurvey(id: $id) { id } }', { id: surveyId }, clientToken);
    await gql(stack!, 'mutation ($id: ID!) { reviewSurvey(id: $id, approve: true) { id } }', { id: surveyId }, adminToken);

    const french = await logIn(physicians[0]!, 'fr-FR');
    await french.goto(`/surveys/${surveyId}`);
    await french.getByTestId('survey-form').waitFor();
    await french.getByText('Prescrivez-vous l’amoxicilline en premier ?').waitFor();
    expect(await french.getByRole('radio', { name: 'Oui', exact: true }).count()).toBe(1);
    expect(await french.getByText('Do you prescribe amoxicillin first?').count()).toBe(0);
    expect(await french.getByRole('radio', { name: 'Autre', exact: true }).count()).toBe(1);
    await french.getByText('Délai', { exact: true }).first().waitFor();
    expect(await french.getByText('Delay', { exact: true }).count()).toBe(0);

    // A physician reading English (opening the survey takes its token: another physician) reads the English texts.
    const english = await logIn(physicians[1]!, 'en-GB');
    await english.goto(`/surveys/${surveyId}`);
    await english.getByTestId('survey-form').waitFor();
    await english.getByText('Do you prescribe amoxicillin first?').waitFor();
    expect(await english.getByRole('radio', { name: 'Yes', exact: true }).count()).toBe(1);
  }, 180_000);
});
