/**
 * The survey builder as a client uses it: questions and choices added, removed and reordered in
 * the page (no request until the draft is saved), with the keyboard; the cost estimate following
 * the sample size and honorarium; a copy of the survey; a template; the billing details.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql, openSurvey, PASSWORD, registerClient } from './api.ts';
import { createDb } from '@consilium/db';
import { createAdmin, launchBrowser, logInOn, startStack, text, type Stack } from './harness.ts';

let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

const CLIENT_EMAIL = `builder.${randomBytes(4).toString('hex')}@example.org`;
const ADMIN_EMAIL = `admin.${randomBytes(4).toString('hex')}@example.org`;
const TITLE = `Otitis in children ${randomBytes(2).toString('hex')}`;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
let clientToken = '';
let adminToken = '';
let surveyId = '';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ env: { REPORT_K: '2' } }), launchBrowser()]);
  clientToken = await registerClient(stack, CLIENT_EMAIL, 'Santé publique test');
  await createAdmin(stack, ADMIN_EMAIL, PASSWORD);
  adminToken = await apiLogin(stack, ADMIN_EMAIL);
});

afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await browser?.close();
  await stack?.stop();
});

async function logIn(locale: 'fr-FR' | 'en-GB', viewport = DESKTOP): Promise<Page> {
  if (!browser || !stack) throw new Error('stack not started');
  const context = await browser.newContext({ baseURL: stack.webUrl, locale, viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  await logInOn(page, CLIENT_EMAIL, PASSWORD, locale);
  return page;
}

/** Presses Enter on a button reached by the keyboard's focus, as a keyboard user would. */
async function press(page: Page, name: string) {
  await page.getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('the survey builder in the browser', () => {
  it('builds a survey in the page — questions and choices added, removed and reordered with the keyboard — sees the cost follow, and saves it', async () => {
    const client = await logIn('en-GB');
    const posts: string[] = [];
    // The form posts of the page (the targeting's reach count is a read, asked by POST /my-surveys/reach).
    client.on('request', (request) => {
      const url = new URL(request.url());
      if (request.method() === 'POST' && url.pathname !== '/my-surveys/reach') posts.push(url.pathname + url.search);
    });
    await client.goto('/my-surveys/new');
    await client.getByLabel('Title').fill(TITLE);
    const editors = client.getByTestId('question-editor');
    const first = editors.nth(0);
    await first.getByLabel('Question', { exact: true }).fill('What do you do for mild otitis in a child over 2?');
    await first.getByLabel('Choice 1').fill('Antibiotics at once');
    await first.getByLabel('Choice 2').fill('Watchful waiting');
    await press(client, 'Add a choice Question 1');
    // The new choice has the focus: typed into at once.
    await client.keyboard.type('It depends');
    expect(await first.getByLabel('Choice 3').inputValue()).toBe('It depends');

    // "It depends" goes up one place; the focus follows it.
    await press(client, 'Move choice up 3 of question 1');
    expect(await Promise.all([1, 2, 3].map((n) => first.getByLabel(`Choice ${n}`).inputValue()))).toEqual(['Antibiotics at once', 'It depends', 'Watchful waiting']);
    expect(await focusedId(client)).toBe('field-questions-0-choices-1-choiceUp');
    await client.keyboard.press('Enter');
    expect(await first.getByLabel('Choice 1').inputValue()).toBe('It depends');
    await press(client, 'Move choice down 1 of question 1');
    expect(await Promise.all([1, 2, 3].map((n) => first.getByLabel(`Choice ${n}`).inputValue()))).toEqual(['Antibiotics at once', 'It depends', 'Watchful waiting']);

    await press(client, 'Likert scale (5 points)');
    await editors.nth(1).getByLabel('Question', { exact: true }).fill('The guidelines are clear.');
    await press(client, 'Number');
    await editors.nth(2).getByLabel('Question', { exact: true }).fill('Children with otitis seen a week?');
    await press(client, 'Short text');
    expect(await editors.count()).toBe(4);
    await press(client, 'Remove Question 4');
    expect(await editors.count()).toBe(3);
    await press(client, 'Move up Question 3');
    expect(await editors.nth(1).getByLabel('Question', { exact: true }).inputValue()).toBe('Children with otitis seen a week?');
    expect(await focusedId(client)).toMatch(/^question-[0-9a-f]+-up$/);

    // The estimate follows what is typed: sample × honorarium + the report fee of a full sample.
    expect(await text(client, '[data-testid="cost-estimate"]')).toContain('Enter the sample size and the honorarium');
    await client.getByLabel('Sample size', { exact: true }).fill('200');
    await client.getByLabel('Honorarium per answer').fill('15');
    await expect.poll(() => text(client, '[data-testid="cost-total"]')).toBe('€5,500.00');
    expect(await text(client, '[data-testid="cost-honoraria"]')).toBe('€3,000.00');
    expect(await text(client, '[data-testid="cost-report"]')).toBe('€2,500.00');
    await client.getByLabel('Sample size', { exact: true }).fill('100');
    await expect.poll(() => text(client, '[data-testid="cost-total"]')).toBe('€3,500.00');
    await client.getByLabel('Honorarium per answer').fill('12.50');
    await expect.poll(() => text(client, '[data-testid="cost-total"]')).toBe('€3,250.00');

    // Nothing was posted while building: every step happened in the page.
    expect(posts).toEqual([]);
    await client.getByRole('button', { name: 'Save as draft' }).click();
    await client.waitForURL((url) => /^\/my-surveys\/[0-9a-f-]{36}\/edit$/.test(url.pathname) && url.searchParams.has('saved'));
    surveyId = new URL(client.url()).pathname.split('/')[2]!;
    expect(posts).toEqual(['/my-surveys/new?/save']);
    expect(await text(client, '[data-testid="survey-builder"] [role="status"]')).toContain('Draft saved.');

    // Saved as arranged.
    const { survey } = await gql<{ survey: { questions: Array<{ kind: string; choices: Array<{ label: string }> }> } }>(
      stack!, 'query ($id: ID!) { survey(id: $id) { questions { kind choices { label } } } }', { id: surveyId }, clientToken,
    );
    expect(survey.questions.map((q) => q.kind)).toEqual(['SINGLE_CHOICE', 'NUMBER', 'LIKERT']);
    expect(survey.questions[0]!.choices.map((c) => c.label)).toEqual(['Antibiotics at once', 'It depends', 'Watchful waiting']);
    expect(await text(client, '[data-testid="cost-total"]')).toBe('€3,250.00');
  });

  it('duplicates the survey into a new draft', async () => {
    const client = await logIn('en-GB');
    await client.goto(`/my-surveys/${surveyId}`);
    await client.getByRole('button', { name: 'Duplicate the survey' }).click();
    await client.waitForURL((url) => url.pathname.endsWith('/edit') && url.searchParams.has('duplicated'));
    const copyId = new URL(client.url()).pathname.split('/')[2]!;
    expect(copyId).not.toBe(surveyId);
    expect(await client.getByLabel('Title').inputValue()).toBe(`${TITLE} (copy)`);
    expect(await text(client, '[data-testid="survey-builder"] [role="status"]')).toContain('Copy made: it is a draft');
    expect(await client.getByTestId('question-editor').count()).toBe(3);
  });

  it('starts from a template on a 360 px phone, in French, with its cost', async () => {
    const client = await logIn('fr-FR', PHONE);
    await client.goto('/my-surveys/new');
    await client.getByTestId('templates').getByRole('link', { name: /Relevé hebdomadaire de type sentinelle/ }).click();
    await client.waitForURL((url) => url.searchParams.get('template') === 'sentinel');
    expect(await client.getByLabel('Titre').inputValue()).toBe('Surveillance hebdomadaire : cas vus cette semaine');
    expect(await client.getByTestId('question-editor').count()).toBe(5);
    expect(await client.getByTestId('templates').getByRole('link', { name: /sentinelle/ }).getAttribute('aria-current')).toBe('true');
    // 100 × 5 € + 1 500 € + 5 € × 100.
    expect(await text(client, '[data-testid="cost-total"]')).toMatch(/^2\s500,00\s€$/u);
    expect(await client.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it('sets the billing details its invoices print, the VAT number checked against the country', async () => {
    const client = await logIn('en-GB');
    await client.goto('/orders');
    await client.getByRole('link', { name: 'Billing details' }).click();
    await client.waitForURL((url) => url.pathname === '/billing');
    expect(await text(client, 'main')).toContain('no billing address yet');
    await client.getByLabel('Legal name').fill('Santé publique test');
    await client.getByLabel('Address', { exact: true }).fill('12 rue du Val d’Osne');
    await client.getByLabel('Postal code').fill('94410');
    await client.getByLabel('City').fill('Saint-Maurice');
    await client.getByLabel('Country').selectOption('FR');
    await client.getByLabel('Intra-community VAT number (optional)').fill('BE0123456749');
    await client.getByRole('button', { name: 'Save' }).click();
    await client.getByText('This VAT number does not match the country chosen').first().waitFor();
    expect(await client.getByLabel('Intra-community VAT number (optional)').getAttribute('aria-invalid')).toBe('true');
    await client.getByLabel('Intra-community VAT number (optional)').fill('');
    await client.getByRole('button', { name: 'Save' }).click();
    await client.getByTestId('billing-notice').getByText('Billing details saved.').waitFor();
    const { me } = await gql<{ me: { organization: Record<string, string | null> } }>(stack!, '{ me { organization { billingAddress postalCode city country vatNumber } } }', {}, clientToken);
    expect(me.organization).toEqual({ billingAddress: '12 rue du Val d’Osne', postalCode: '94410', city: 'Saint-Maurice', country: 'FR', vatNumber: null });
  });

  it('orders a report at a price with VAT, and prints its invoice to PDF from the browser, in English and French', async () => {
    const id = await openSurvey(stack!, clientToken, adminToken, { title: `Invoice ${TITLE}`, description: '', questions: [{ kind: 'TEXT', prompt: 'Why?' }], sampleSize: 10, honorariumCents: 0 });
    await gql(stack!, 'mutation ($id: ID!) { closeSurvey(id: $id) { id } }', { id }, clientToken);
    // Two respondents (k = 2 here): a survey nobody answered would publish nothing, and is not sold.
    const db = createDb({ url: stack!.databaseUrl, poolMax: 1 });
    await db.survey.update({ where: { id }, data: { responseCount: 2 } });
    await db.$disconnect();
    const client = await logIn('en-GB');
    await client.goto(`/my-surveys/${id}`);
    expect(await text(client, '[data-testid="quote"]')).toContain('Amount excluding VAT €1,510.00 VAT 20% €302.00 Total including VAT €1,812.00');
    await client.getByRole('button', { name: 'Order the report' }).click();
    await client.getByText('for €1,812.00?').waitFor();
    await client.getByRole('button', { name: 'Yes, order it' }).click();
    await client.getByTestId('survey-notice').getByText('Report ordered: invoice').waitFor();
    const { ordersPage } = await gql<{ ordersPage: { edges: Array<{ node: { id: string; invoiceNumber: string } }> } }>(
      stack!, 'query ($s: ID!) { ordersPage(surveyId: $s) { edges { node { id invoiceNumber } } } }', { s: id }, clientToken,
    );
    const order = ordersPage.edges[0]!.node;

    await client.goto(`/invoices/${order.id}.html`);
    const readable = async (p: Page) => (await p.locator('body').innerText()).replace(/\s+/g, ' ');
    const page = await readable(client);
    for (const part of [`Invoice ${order.invoiceNumber}`, 'BILLED TO Santé publique test', 'Saint-Maurice', 'SIRET', 'Due date', 'Total including VAT €1,812.00', 'a fixed recovery fee of €40.00', 'IBAN: FR76']) {
      expect(page).toContain(part);
    }
    await client.emulateMedia({ media: 'print' });
    expect(await client.evaluate(() => getComputedStyle(document.body).marginTop)).toBe('0px');
    const pdf = await client.pdf({ format: 'A4', printBackground: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const french = await logIn('fr-FR');
    await french.goto(`/invoices/${order.id}.html`);
    const facture = await readable(french);
    expect(facture).toContain(`Facture ${order.invoiceNumber}`);
    expect(facture).toMatch(/Total TTC 1\s812,00\s€/u);
    expect(facture).toContain('indemnité forfaitaire pour frais de recouvrement de 40,00');
  });
});
