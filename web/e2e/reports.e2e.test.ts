import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSurvey, apiLogin, gql, openSurvey, PASSWORD, registerClient, verifiedPhysician } from './api.ts';
import { createAdmin, launchBrowser, openReportFromOrders, startStack, text, completeSecondFactor, type Stack } from './harness.ts';

/** A small k, so that k + 2 respondents are few: the worker and the API both read it. */
const K = 3;
const RESPONDENTS = K + 2;

let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

const ADMIN_EMAIL = `admin.${randomBytes(4).toString('hex')}@example.org`;
const CLIENT_EMAIL = `study.${randomBytes(4).toString('hex')}@example.org`;
const TITLE = `Heart failure follow-up ${randomBytes(2).toString('hex')}`;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

let surveyId = '';
let adminToken = '';
let clientToken = '';
let physicians: string[] = [];
let invoiceNumber = '';

beforeAll(async () => {
  // The worker's sweep is slowed to an hour: the report must be built because the API queued
  // its build when the survey closed (every issued token spent), not because a sweep found it.
  [stack, browser] = await Promise.all([startStack({ env: { REPORT_K: String(K), SWEEP_EVERY_SECONDS: '3600' }, worker: true }), launchBrowser()]);
  const ready = stack;
  await createAdmin(ready, ADMIN_EMAIL, PASSWORD);
  adminToken = await apiLogin(ready, ADMIN_EMAIL);
  clientToken = await registerClient(ready, CLIENT_EMAIL, 'Haute Autorité de santé');
  physicians = await Promise.all(
    Array.from({ length: RESPONDENTS }, () => verifiedPhysician(ready, adminToken, { specialty: 'cardiology' })),
  );
  surveyId = await openSurvey(ready, clientToken, adminToken, {
    title: TITLE,
    description: 'Three questions on follow-up.',
    questions: [
      { kind: 'SINGLE_CHOICE', prompt: 'Do you see your patients within a month?', choices: ['Yes', 'No', 'Not always'] },
      {
        kind: 'LIKERT',
        prompt: 'The guidelines are clear.',
        choices: ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'],
      },
      { kind: 'NUMBER', prompt: 'How many patients a week?', min: 0, max: 100 },
    ],
    targeting: { specialties: ['cardiology'], countries: ['FR'] },
    sampleSize: 50,
    honorariumCents: 1000,
  });
  // Three say "Yes" (k of them: shown); one says "No" and one "Not always" (under k: suppressed).
  // Two small cells, not one: a single suppressed cell would be the total minus "Yes", so the
  // worker would suppress "Yes" too (complementary suppression) and the question would show nothing.
  await Promise.all(
    physicians.map((email, i) =>
      answerSurvey(ready, email, surveyId, [
        { question: 0, choices: [i < K ? 0 : i - K + 1] },
        { question: 1, choices: [3] },
        { question: 2, number: 10 + i },
      ]),
    ),
  );
}, 180_000);

afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await browser?.close();
  await stack?.stop();
});

async function logIn(email: string, viewport = DESKTOP, javaScriptEnabled = true): Promise<Page> {
  if (!browser || !stack) throw new Error('stack not started');
  const context = await browser.newContext({ baseURL: stack.webUrl, locale: 'en-GB', viewport, acceptDownloads: true, javaScriptEnabled });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  await page.goto('/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.locator('main').getByRole('button', { name: 'Log in' }).click();
  await completeSecondFactor(page, email, PASSWORD);
  await page.waitForURL((url) => url.pathname === '/');
  return page;
}

async function reportStatus(id = surveyId): Promise<string | null> {
  if (!stack) throw new Error('stack not started');
  const { report } = await gql<{ report: { status: string } | null }>(
    stack,
    'query ($s: ID!) { report(surveyId: $s) { status } }',
    { s: id },
    adminToken,
  );
  return report?.status ?? null;
}

async function surveyStatus(id: string): Promise<string | null> {
  if (!stack) throw new Error('stack not started');
  const { survey } = await gql<{ survey: { status: string } | null }>(stack, 'query ($id: ID!) { survey(id: $id) { status } }', { id }, clientToken);
  return survey?.status ?? null;
}

describe('research reports in the browser', () => {
  it('the client closes the survey, sees the quote and orders the report', async () => {
    const client = await logIn(CLIENT_EMAIL);
    await client.getByRole('navigation', { name: 'Client area' }).getByRole('link', { name: 'Surveys' }).click();
    await client.getByTestId('client-survey').filter({ hasText: TITLE }).getByRole('link', { name: 'Open the survey' }).click();
    await client.waitForURL((url) => url.pathname === `/my-surveys/${surveyId}`);
    expect(await text(client, '[data-testid="order"]')).toContain('once the survey is closed');

    await client.getByRole('button', { name: 'Close the survey' }).click();
    // Asked first; the confirming button has the focus.
    await client.getByText(`Close “${TITLE}”?`).waitFor();
    await client.getByRole('button', { name: 'Yes, close the survey' }).click();
    await client.getByTestId('survey-notice').getByText('is closed').waitFor();

    // Every token was spent: the API queued the build at the close. Once built, the free preview
    // tells what each question will publish, from rounded counts (k + 2 = 5 reads "about 10").
    await expect.poll(reportStatus, { timeout: 60_000, interval: 500 }).toBe('READY');
    await client.reload();
    const preview = client.getByTestId('report-preview');
    expect(await preview.getAttribute('data-outlook')).toBe('PARTIAL');
    const previewed = preview.getByTestId('preview-question');
    expect(await previewed.count()).toBe(3);
    expect(await previewed.nth(0).getAttribute('data-publishes')).toBe('true');
    expect(await previewed.nth(0).textContent()).toContain('Do you see your patients within a month?');
    expect(await previewed.nth(0).getByTestId('preview-answers').textContent()).toBe('about 10 answers');
    expect(await preview.textContent()).not.toContain(`${RESPONDENTS} answers`);
    if (process.env.REPORT_SCREENSHOTS) await client.screenshot({ path: `${process.env.REPORT_SCREENSHOTS}/order-preview.png`, fullPage: true });

    const quote = client.getByTestId('quote');
    expect(await quote.textContent()).toContain(String(RESPONDENTS));
    const amount = await text(client, '[data-testid="quote-amount"]');
    expect(amount).toMatch(/^€[\d,]+\.\d\d$/);

    // The respondent-level file with it; free texts are not offered: the physicians were not told.
    await client.getByTestId('order-respondent-file').check();
    expect(await client.getByTestId('order-respondent-texts').count()).toBe(0);
    await client.getByRole('button', { name: 'Order the report' }).click();
    await client.getByText(`for ${amount}?`).waitFor();
    await client.getByRole('button', { name: 'Yes, order it' }).click();
    await client.getByTestId('survey-notice').getByText('Report ordered: invoice').waitFor();
    invoiceNumber = (await text(client, '[data-testid="survey-notice"]')).replace(/^Report ordered: invoice (.+)\.$/, '$1');
    expect(invoiceNumber).not.toBe('');
    expect(await text(client, '[data-testid="order-placed"]')).toContain('Awaiting payment');
  });

  it('the client cannot read the report before payment, but has the invoice', async () => {
    const client = await logIn(CLIENT_EMAIL, PHONE);
    const response = await client.goto(`/my-surveys/${surveyId}/report`);
    expect(response?.status()).toBe(403);
    await client.getByRole('heading', { name: 'Report available after payment' }).waitFor();
    expect(await client.locator('canvas').count()).toBe(0);

    await client.getByRole('link', { name: 'See your orders and invoices' }).click();
    const row = client.getByTestId('order-row').filter({ hasText: TITLE });
    expect(await row.getByTestId('order-status').textContent()).toContain('Awaiting payment');
    const pdfHref = await row.getByRole('link', { name: `Invoice ${invoiceNumber} as PDF` }).getAttribute('href');
    const pdf = await client.request.get(pdfHref ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const htmlHref = await row.getByRole('link', { name: `Invoice ${invoiceNumber}, printable version` }).getAttribute('href');
    const html = await client.request.get(htmlHref ?? '');
    expect(html.status()).toBe(200);
    expect(await html.text()).toContain(invoiceNumber);
    // The page does not scroll sideways on a phone: the table scrolls in its own box.
    expect(await client.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it('an admin marks the invoice paid, and the worker builds the report', async () => {
    const admin = await logIn(ADMIN_EMAIL);
    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Orders' }).click();
    const row = admin.getByTestId('order-row').filter({ hasText: TITLE });
    await row.getByRole('button', { name: `Mark paid ${invoiceNumber}` }).click();
    await row.getByText(`Has the payment of invoice ${invoiceNumber}`).waitFor();
    await row.getByRole('button', { name: 'Yes, payment received' }).click();
    await admin.getByTestId('orders-notice').getByText(`Invoice ${invoiceNumber} marked paid`).waitFor();
    expect(await row.getByTestId('order-status').textContent()).toContain('Paid');
    // Done in place: the notice has the focus, and the address is the page's own.
    await expect.poll(() => admin.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('orders-notice');
    expect(new URL(admin.url()).search).toBe('');

    await expect.poll(reportStatus, { timeout: 60_000, interval: 500 }).toBe('READY');
    await admin.getByRole('link', { name: 'Report jobs' }).click();
    const job = admin.getByTestId('job-row').filter({ hasText: TITLE });
    expect(await job.getAttribute('data-status')).toBe('READY');
  }, 90_000);

  it('the client reads the charts and downloads the CSV, the PDF and the respondent-level file', async () => {
    const client = await logIn(CLIENT_EMAIL);
    await openReportFromOrders(client, TITLE, surveyId);
    expect(await text(client, '[data-testid="respondents"]')).toBe(String(RESPONDENTS));
    expect(await text(client, '[data-testid="k"]')).toBe(String(K));

    // One chart per question, drawn by chart.js in the browser.
    const questions = client.getByTestId('report-question');
    expect(await questions.count()).toBe(3);
    for (let i = 0; i < 3; i++) await questions.nth(i).locator('canvas').waitFor();
    const drawn = await client.locator('canvas').evaluateAll((canvases) => canvases.map((c) => (c as HTMLCanvasElement).width > 0));
    expect(drawn).toEqual([true, true, true]);

    // The report opens with its method statement: who answered, when, for whom, what is withheld and why.
    const method = client.getByTestId('report-method');
    expect(await method.getByTestId('method-statement').textContent()).toContain(`${RESPONDENTS} verified physicians answered this survey on Consilium from`);
    expect((await method.getByTestId('withheld-summary').textContent())?.trim()).toMatch(new RegExp(`^\\d+ of \\d+ figures are withheld: no figure describes fewer than ${K} respondents`));
    expect(await method.getByTestId('targeting').textContent()).toContain('Cardiology');
    expect(await method.getByTestId('targeting').textContent()).toContain('France');
    expect(await method.textContent()).toContain('No random noise was added');

    // "No" and "Not always" had fewer than k answers: listed as withheld, drawn hatched in their
    // place (a second, withheld layer of the chart), and no figure in the table.
    const single = questions.nth(0);
    const suppressedList = await text(client, '[data-kind="SINGLE_CHOICE"] [data-testid="suppressed-list"]');
    expect(suppressedList).toContain('No');
    expect(suppressedList).toContain('Not always');
    for (const label of ['No', 'Not always']) {
      const row = single.getByTestId('figures').locator('tbody tr', { has: client.getByRole('rowheader', { name: label, exact: true }) });
      expect(await row.textContent()).toContain('withheld (< k)');
      expect(await row.textContent()).not.toMatch(/\d/);
    }
    expect(await single.getByTestId('withheld-note').textContent()).toContain('It is not a zero.');
    const yesRow = single.getByTestId('figures').locator('tbody tr', { hasText: 'Yes' });
    expect(await yesRow.locator('td').first().textContent()).toBe(String(K));

    // Cross-tabs name specialties in the reader's language.
    expect(await single.locator('[data-testid="crosstab"][data-dimension="specialty"] tbody th').allTextContents()).toEqual(['Cardiology']);

    // On a phone nothing scrolls sideways: the cross-tabs become one block per group.
    // (chart.js redraws its canvases for the new width within a frame or two.)
    await client.setViewportSize(PHONE);
    await expect.poll(() => client.evaluate(() => document.documentElement.scrollWidth), { timeout: 3_000 }).toBeLessThanOrEqual(PHONE.width);
    const overflowing = await client
      .getByTestId('crosstab')
      .evaluateAll((tables) => tables.filter((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth).length);
    expect(overflowing).toBe(0);
    await client.setViewportSize(DESKTOP);

    if (process.env.REPORT_SCREENSHOTS) {
      for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
        await client.setViewportSize(viewport);
        await client.waitForTimeout(500);
        await client.screenshot({ path: `${process.env.REPORT_SCREENSHOTS}/report-${name}.png`, fullPage: true });
      }
      await client.setViewportSize(DESKTOP);
    }

    // Printed (the browser's "Save as PDF"): the report alone, without the site's header and navigation.
    await client.emulateMedia({ media: 'print' });
    expect(await client.locator('header.site-header').isVisible()).toBe(false);
    expect(await client.getByTestId('csv-link').isVisible()).toBe(false);
    expect(await client.getByTestId('report-method').isVisible()).toBe(true);
    const pdf = await client.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (process.env.REPORT_SCREENSHOTS) await import('node:fs/promises').then((fs) => fs.writeFile(`${process.env.REPORT_SCREENSHOTS}/report.pdf`, pdf));
    await client.emulateMedia({ media: 'screen' });

    const [download] = await Promise.all([client.waitForEvent('download'), client.getByTestId('csv-link').click()]);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    expect(csv).toContain('Do you see your patients within a month?');
    expect(csv).toContain('Yes');

    // The worker builds the PDF and the respondent-level file after the report: the page says so until then.
    await expect.poll(async () => {
      await client.reload();
      return client.getByTestId('respondent-file-link').count();
    }, { timeout: 90_000, interval: 2_000 }).toBe(1);
    const [pdfDownload] = await Promise.all([client.waitForEvent('download'), client.getByTestId('pdf-link').click()]);
    expect((await readFile((await pdfDownload.path()) ?? '')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfDownload.suggestedFilename()).toBe(`report-${surveyId}-en.pdf`);
    const [zipDownload] = await Promise.all([client.waitForEvent('download'), client.getByTestId('respondent-file-link').click()]);
    const zip = await readFile((await zipDownload.path()) ?? '');
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(zip.toString('latin1')).toContain('respondents.sps');
  }, 150_000);

  it('a verified physician sees the survey’s counts on the transparency page', async () => {
    const doctor = await logIn(physicians[0]!);
    await doctor.getByRole('link', { name: 'Transparency' }).click();
    const row = doctor.getByTestId('transparency-row').filter({ hasText: TITLE });
    expect(await row.locator('td').first().textContent()).toContain('Public agency');
    expect(await row.getByTestId('tokens').textContent()).toBe(String(RESPONDENTS));
    expect(await row.getByTestId('responses').textContent()).toBe(String(RESPONDENTS));
  });

  it('without JavaScript, closing, ordering, marking paid and rebuilding each ask first on a page from the server', async () => {
    if (!stack) throw new Error('stack not started');
    const title = `Night shifts ${randomBytes(2).toString('hex')}`;
    const second = await openSurvey(stack, clientToken, adminToken, {
      title,
      description: 'One question.',
      questions: [{ kind: 'SINGLE_CHOICE', prompt: 'Do you work nights?', choices: ['Yes', 'No'] }],
      targeting: { specialties: ['cardiology'], countries: ['FR'] },
      sampleSize: 50,
      honorariumCents: 1000,
    });
    // k answers: with fewer the report would publish nothing, and could not be ordered.
    await Promise.all(physicians.slice(0, K).map((email) => answerSurvey(stack!, email, second, [{ question: 0, choices: [0] }])));
    const client = await logIn(CLIENT_EMAIL, PHONE, false);
    await client.goto(`/my-surveys/${second}`);

    // The first click only asks; "cancel" comes back to the page, and nothing has changed.
    await client.getByRole('button', { name: 'Close the survey' }).click();
    await client.getByText(`Close “${title}”?`).waitFor();
    expect(await client.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Yes, close the survey');
    expect(await surveyStatus(second)).toBe('OPEN');
    await client.getByRole('link', { name: 'Cancel' }).click();
    await client.waitForURL((url) => url.pathname === `/my-surveys/${second}` && url.search === '');
    expect(await client.getByText(`Close “${title}”?`).count()).toBe(0);
    expect(await surveyStatus(second)).toBe('OPEN');

    await client.getByRole('button', { name: 'Close the survey' }).click();
    await client.getByRole('button', { name: 'Yes, close the survey' }).click();
    await client.getByTestId('survey-notice').getByText('is closed').waitFor();
    expect(await surveyStatus(second)).toBe('CLOSED');
    // Back to the page's own address: said once, and a reload posts nothing again.
    expect(new URL(client.url()).search).toBe('');
    await client.reload();
    expect(await text(client, '[data-testid="survey-notice"]')).toBe('');

    // The confirmation page of an order names the price.
    await client.goto(`/my-surveys/${second}`);
    const amount = await text(client, '[data-testid="quote-amount"]');
    await client.getByRole('button', { name: 'Order the report' }).click();
    await client.getByText(`for ${amount}?`).waitFor();
    const { orders: before } = await gql<{ orders: { surveyId: string }[] }>(stack, '{ orders { surveyId } }', {}, clientToken);
    expect(before.some((o) => o.surveyId === second)).toBe(false);
    await client.getByRole('button', { name: 'Yes, order it' }).click();
    await client.getByTestId('survey-notice').getByText('Report ordered: invoice').waitFor();
    const number = (await text(client, '[data-testid="survey-notice"]')).replace(/^Report ordered: invoice (.+)\.$/, '$1');

    const admin = await logIn(ADMIN_EMAIL, DESKTOP, false);
    await admin.goto('/orders');
    await admin.getByTestId('order-row').filter({ hasText: title }).getByRole('button', { name: `Mark paid ${number}` }).click();
    const row = admin.getByTestId('order-row').filter({ hasText: title });
    await row.getByText(`Has the payment of invoice ${number}`).waitFor();
    expect(await row.getByTestId('order-status').textContent()).toContain('Awaiting payment');
    await row.getByRole('button', { name: 'Yes, payment received' }).click();
    await admin.getByTestId('orders-notice').getByText(`Invoice ${number} marked paid`).waitFor();
    expect(await admin.getByTestId('order-row').filter({ hasText: title }).getByTestId('order-status').textContent()).toContain('Paid');
    expect(new URL(admin.url()).pathname).toBe('/orders');
    expect(new URL(admin.url()).search).toBe('');
    await admin.reload();
    expect(await text(admin, '[data-testid="orders-notice"]')).toBe('');
    expect(await admin.getByTestId('order-row').filter({ hasText: title }).getByTestId('order-status').textContent()).toContain('Paid');

    // Rebuilding the first report: asked first, then queued at once by the API (the sweep is an hour away).
    await admin.goto('/report-jobs?status=READY');
    await admin.getByRole('button', { name: `Rebuild the report of “${TITLE}”` }).click();
    await admin.getByText(`Compute the report of “${TITLE}” again from the answers?`).waitFor();
    expect(await reportStatus()).toBe('READY');
    await admin.getByRole('button', { name: 'Rebuild', exact: true }).click();
    await admin.getByTestId('jobs-notice').getByText(`The report of “${TITLE}” is being prepared again.`).waitFor();
    // Back on the same filter, without the action in the address.
    expect(new URL(admin.url()).search).toBe('?status=READY');
    await expect.poll(() => reportStatus(), { timeout: 20_000, interval: 250 }).toBe('READY');
  }, 60_000);

  it('a survey of one respondent: the order page warns that nothing would be published, and offers no order', async () => {
    if (!stack) throw new Error('stack not started');
    const title = `Rare disease ${randomBytes(2).toString('hex')}`;
    const lonely = await openSurvey(stack, clientToken, adminToken, {
      title,
      description: 'One answer only.',
      questions: [
        { kind: 'SINGLE_CHOICE', prompt: 'Have you seen a case this year?', choices: ['Yes', 'No'] },
        { kind: 'NUMBER', prompt: 'How many cases?', min: 0, max: 50 },
      ],
      targeting: { specialties: ['cardiology'], countries: ['FR'] },
      sampleSize: 50,
      honorariumCents: 1000,
    });
    await answerSurvey(stack, physicians[0]!, lonely, [{ question: 0, choices: [0] }, { question: 1, number: 1 }]);
    await gql(stack, 'mutation ($id: ID!) { closeSurvey(id: $id) { status } }', { id: lonely }, clientToken);

    for (const viewport of [DESKTOP, PHONE]) {
      const client = await logIn(CLIENT_EMAIL, viewport);
      await client.goto(`/my-surveys/${lonely}`);
      const preview = client.getByTestId('report-preview');
      expect(await preview.getAttribute('data-outlook')).toBe('NOTHING');
      const alert = client.getByRole('alert').filter({ hasText: 'This report would publish nothing' });
      expect(await alert.textContent()).toContain(`With fewer than ${K} respondents`);
      expect((await preview.getByTestId('preview-answers').allTextContents())).toEqual([`fewer than ${K} answers`, `fewer than ${K} answers`]);
      // The price is still told, but nothing can be ordered.
      expect(await client.getByTestId('quote-amount').count()).toBe(1);
      expect(await client.getByRole('button', { name: 'Order the report' }).count()).toBe(0);
      expect(await client.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      if (process.env.REPORT_SCREENSHOTS) await client.screenshot({ path: `${process.env.REPORT_SCREENSHOTS}/order-nothing-${viewport.width}.png`, fullPage: true });
    }
    // The API refuses it too.
    const refused = await fetch(`${stack.apiUrl}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clientToken}` },
      body: JSON.stringify({ query: 'mutation ($s: ID!) { orderReport(surveyId: $s) { id } }', variables: { s: lonely } }),
    }).then((r) => r.json() as Promise<{ errors?: Array<{ extensions?: { reason?: string } }> }>);
    expect(refused.errors?.[0]?.extensions?.reason).toBe('nothing_publishable');
  }, 60_000);

  it('a client pages through more surveys than one page holds, with the keyboard, on a phone', async () => {
    if (!stack) throw new Error('stack not started');
    const ready = stack;
    const drafts = Array.from({ length: 21 }, (_, i) => `Draft ${String(i).padStart(2, '0')} ${randomBytes(2).toString('hex')}`);
    for (const title of drafts) {
      await gql(ready, 'mutation ($i: SurveyInput!) { createSurvey(input: $i) { id } }', {
        i: { title, description: 'Paging.', questions: [{ kind: 'TEXT', prompt: 'Why?' }], targeting: {}, sampleSize: 10, honorariumCents: 0 },
      }, clientToken);
    }
    const client = await logIn(CLIENT_EMAIL, PHONE);
    await client.goto('/my-surveys');
    const titles = () => client.getByTestId('client-survey').locator('h2').allTextContents();
    const first = await titles();
    expect(first).toHaveLength(20);
    expect(await client.getByRole('link', { name: 'First page' }).count()).toBe(0);

    await client.getByRole('link', { name: 'Next page' }).focus();
    await client.keyboard.press('Enter');
    await client.waitForURL((url) => url.pathname === '/my-surveys' && url.searchParams.has('after'));
    const second = await titles();
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((title) => first.includes(title))).toEqual([]);
    expect([...first, ...second].filter((title) => drafts.includes(title)).sort()).toEqual([...drafts].sort());

    await client.getByRole('link', { name: 'First page' }).focus();
    await client.keyboard.press('Enter');
    await client.waitForURL((url) => url.pathname === '/my-surveys' && url.search === '');
    expect(await titles()).toEqual(first);
  }, 60_000);
});

