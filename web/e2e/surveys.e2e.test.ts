import { randomBytes } from 'node:crypto';
import type { Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from './api.ts';
import { DESKTOP, useBrowserStack, type Locale } from './browser-stack.ts';
import { confirmFromMail, openNavLink, text } from './harness.ts';

const e2e = useBrowserStack();

const CLIENT_EMAIL = `study.${randomBytes(4).toString('hex')}@example.org`;
const TITLE = `Anticoagulants in 2026 ${randomBytes(2).toString('hex')}`;
const PHONE = { width: 375, height: 740 };

let adminEmail = '';
/** Two cardiologists the survey targets, and a paediatrician it does not. */
let cardiologists: [string, string];
let paediatrician: string;
/** Set by the first physician who opens the survey. */
let surveyPath = '';

beforeAll(async () => {
  adminEmail = (await e2e.admin()).email;
  const [a, b, c] = await Promise.all([
    e2e.physician({ specialty: 'cardiology', region: 'Bretagne' }),
    e2e.physician({ specialty: 'cardiology', practiceStartYear: 1995 }),
    e2e.physician({ specialty: 'pediatrics' }),
  ]);
  cardiologists = [a, b];
  paediatrician = c;
});

const newPage = (locale: Locale, viewport: { width: number; height: number } = DESKTOP): Promise<Page> => e2e.newPage({ locale, viewport, timeout: 5_000 });

const logIn = (email: string, locale: Locale, viewport: { width: number; height: number } = DESKTOP): Promise<Page> =>
  e2e.logIn(email, { locale, viewport, timeout: 5_000 });

/** The requests the survey page makes to the web app's token endpoint and anonymous relay. */
function watchSurveyRequests(page: Page) {
  const seen: { token: Request[]; relay: Request[] } = { token: [], relay: [] };
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (/^\/surveys\/[^/]+\/token$/.test(pathname)) seen.token.push(request);
    if (pathname === '/relay/answers') seen.relay.push(request);
  });
  return seen;
}

async function openSurveyFromInbox(page: Page): Promise<void> {
  await openNavLink(page, 'Espace médecin', 'Enquêtes');
  const card = page.locator('li', { hasText: TITLE });
  expect((await card.getByTestId('survey-organization').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
    'Agence nationale de sécurité du médicament · Agence publique',
  );
  await card.getByRole('link', { name: 'Répondre à l’enquête' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/surveys/'));
  surveyPath = new URL(page.url()).pathname;
  await page.getByTestId('survey-form').waitFor();
}

async function redeemNowAndCheckBalance(page: Page, balance: string): Promise<void> {
  await page.getByRole('button', { name: 'Créditer mes honoraires maintenant' }).click();
  await page.getByTestId('redeem-status').getByText('crédités').waitFor();
  expect(await text(page, '[data-testid="redeem-status"]')).toBe(`15,00 € crédités. Votre solde : ${balance}.`);
  await page.getByRole('link', { name: 'Voir mes honoraires' }).click();
  await page.waitForURL((url) => url.pathname === '/honoraria');
  expect(await text(page, '[data-testid="balance"]')).toBe(balance);
  expect(await text(page, '[data-testid="ledger"] tbody tr')).toContain(TITLE);
}

describe('surveys in the browser', () => {
  it('a client builds a survey, sees the API’s error at the right question, and submits it', async () => {
    const client = await newPage('en-GB');
    await client.goto('/register');
    await client.getByLabel('A client organisation').check();
    await client.getByLabel('E-mail address').fill(CLIENT_EMAIL);
    await client.getByLabel('Password').fill(PASSWORD);
    await client.getByLabel('Organisation name').fill('Agence nationale de sécurité du médicament');
    await client.getByLabel('Type of organisation').selectOption('PUBLIC_AGENCY');
    await client.getByRole('button', { name: 'Create my account' }).click();
    await client.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
    await confirmFromMail(client, e2e.stack, CLIENT_EMAIL);
    await client.goto('/');
    expect(await text(client, '[data-testid="account-organization"]')).toBe(
      'Agence nationale de sécurité du médicament · Public agency',
    );
    await client.getByRole('navigation', { name: 'Client area' }).getByRole('link', { name: 'New survey' }).click();
    await client.waitForURL((url) => url.pathname === '/my-surveys/new');

    await client.getByLabel('Title').fill(TITLE);
    await client.getByLabel('Introduction').fill('Three questions on your prescribing.');
    const editors = client.getByTestId('question-editor');
    await editors.nth(0).getByLabel('Question', { exact: true }).fill('Do you prescribe a DOAC first?');
    await editors.nth(0).getByLabel('Choice 1').fill('Yes');
    // Choice 2 is left empty: the API names it, and the page shows it at question 1's choices.
    await client.getByRole('button', { name: 'Likert scale (5 points)' }).click();
    await editors.nth(1).getByLabel('Question', { exact: true }).fill('The guidelines are clear.');
    await client.getByRole('button', { name: 'Number', exact: true }).click();
    await editors.nth(2).getByLabel('Question', { exact: true }).fill('How many patients on a DOAC do you see a week?');
    await editors.nth(2).getByLabel('Largest answer').fill('80');
    // Reordering with the keyboard-reachable buttons: the number goes up, then back down.
    await client.getByRole('button', { name: 'Move up Question 3' }).click();
    expect(await editors.nth(1).getByLabel('Question', { exact: true }).inputValue()).toContain('How many patients');
    await client.getByRole('button', { name: 'Move down Question 2' }).click();
    expect(await editors.nth(2).getByLabel('Question', { exact: true }).inputValue()).toContain('How many patients');

    await client.getByLabel('Cardiology').check();
    await client.getByLabel('France').check();
    await client.getByLabel('Sample size', { exact: true }).fill('50');
    await client.getByLabel('Honorarium per answer').fill('15');
    // Two cardiologists in France: fewer than k, said as such and never as an exact count.
    await expect.poll(() => text(client, '[data-testid="reach"]')).toContain('Fewer than 11 verified physicians');

    await client.getByText('Preview as physicians will see it').click();
    const preview = client.getByTestId('preview');
    await preview.getByText('Do you prescribe a DOAC first?').waitFor();
    expect(await preview.getByRole('radio').count()).toBe(2 + 5);
    expect(await preview.getByLabel('Strongly agree').count()).toBe(1);

    await client.getByRole('button', { name: 'Save as draft' }).click();
    const choiceError = client.locator('#field-questions-0-choices-error');
    await choiceError.waitFor();
    expect(await choiceError.textContent()).toBe('Fill in every choice, or remove the empty ones.');
    expect(await text(client, '[data-testid="form-errors"]')).toContain('Question 1 — Fill in every choice');
    expect(await editors.nth(0).getByLabel('Choice 2').getAttribute('aria-invalid')).toBe('true');
    expect(await editors.nth(1).getByLabel('Question', { exact: true }).inputValue()).toBe('The guidelines are clear.');

    await editors.nth(0).getByLabel('Choice 2').fill('No');
    await client.getByRole('button', { name: 'Submit for review' }).click();
    await client.waitForURL((url) => url.pathname === '/my-surveys');
    expect(await text(client, '[data-testid="surveys-notice"]')).toBe(`“${TITLE}” was submitted: an administrator will review it.`);
    expect(await text(client, '[data-testid="client-survey"] [data-status]')).toBe('Awaiting review');
  });

  it('an admin reviews its questions and targeting, and approves it', async () => {
    const admin = await logIn(adminEmail, 'en-GB');
    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Survey review' }).click();
    const card = admin.locator('article', { hasText: TITLE });
    expect(await card.getByTestId('targeting').textContent()).toContain('Cardiology');
    expect(await card.locator('.question-list > li').count()).toBe(3);
    await card.getByRole('button', { name: `Approve ${TITLE}` }).click();
    await admin.getByText(`Survey “${TITLE}” approved: it is open.`).waitFor();
    await card.waitFor({ state: 'detached' });
  });

  it('a cardiologist answers on a desktop, through the relay without a cookie, and redeems', async () => {
    const doctor = await logIn(cardiologists[0], 'fr-FR');
    const seen = watchSurveyRequests(doctor);
    await openSurveyFromInbox(doctor);
    // All the questions on one page.
    expect(await doctor.getByTestId('question').count()).toBe(3);
    expect(await doctor.getByTestId('step-progress').count()).toBe(0);

    await doctor.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    expect(await text(doctor, '[data-testid="form-errors"]')).toContain('Le formulaire contient 3 erreurs.');
    await doctor.getByLabel('Yes').check();
    await doctor.getByRole('radio', { name: 'Agree', exact: true }).check();
    await doctor.getByLabel('How many patients on a DOAC').fill('12');
    await doctor.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await doctor.getByRole('heading', { name: 'Merci pour vos réponses' }).waitFor();

    // The token was asked for with the session; the answers went without any cookie.
    expect(seen.token).toHaveLength(1);
    expect((await seen.token[0]!.allHeaders()).cookie).toContain('consilium_session=');
    expect(seen.relay).toHaveLength(1);
    const relayHeaders = await seen.relay[0]!.allHeaders();
    expect(relayHeaders.cookie).toBeUndefined();
    const sent = JSON.parse(seen.relay[0]!.postData() ?? '{}') as { input: Record<string, unknown> };
    expect(Object.keys(sent.input).sort()).toEqual(['answers', 'receiptBlindedMessage', 'segment', 'surveyId', 'token']);
    // The key label that covers the cardiologist: fewer than k physicians were eligible when the
    // survey opened, so the root label — never her own small segment.
    expect(sent.input.segment).toBe('*|*|*');

    await redeemNowAndCheckBalance(doctor, '15,00 €');

    // Another browser of the same physician cannot answer again: the ticket stayed in the first.
    const elsewhere = await logIn(cardiologists[0], 'fr-FR');
    await elsewhere.goto(surveyPath);
    await elsewhere.getByRole('heading', { name: 'Enquête déjà ouverte ailleurs' }).waitFor();
  });

  it('a cardiologist answers on a phone, one question per screen, survives a reload, and redeems', async () => {
    const doctor = await logIn(cardiologists[1], 'fr-FR', PHONE);
    const tokenTaken = doctor.waitForResponse((r) => r.url().endsWith('/token') && r.status() === 200);
    await openSurveyFromInbox(doctor);
    await tokenTaken;
    expect(await text(doctor, '[data-testid="step-progress"]')).toContain('1 / 3');
    expect(await doctor.getByTestId('question').count()).toBe(1);

    await doctor.getByRole('button', { name: 'Suivant' }).click();
    expect(await text(doctor, '.question .field-error')).toBe('Répondez à cette question : choisissez une réponse.');
    await doctor.getByLabel('No', { exact: true }).check();
    await doctor.getByRole('button', { name: 'Suivant' }).click();
    expect(await text(doctor, '[data-testid="step-progress"]')).toContain('2 / 3');
    await doctor.getByLabel('Strongly agree').check();

    // A reload keeps the ticket and the answers, in this tab.
    await doctor.reload();
    await doctor.getByTestId('survey-form').waitFor();
    expect(await doctor.getByLabel('No', { exact: true }).isChecked()).toBe(true);
    await doctor.getByRole('button', { name: 'Suivant' }).click();
    expect(await doctor.getByLabel('Strongly agree').isChecked()).toBe(true);
    await doctor.getByRole('button', { name: 'Suivant' }).click();
    expect(await text(doctor, '[data-testid="step-progress"]')).toContain('3 / 3');
    await doctor.getByLabel('How many patients on a DOAC').fill('200');
    await doctor.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    expect(await text(doctor, '.question .field-error')).toBe('Indiquez un nombre compris dans l’intervalle indiqué.');
    await doctor.getByLabel('How many patients on a DOAC').fill('30');
    await doctor.getByRole('button', { name: 'Précédent' }).waitFor();
    await doctor.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await doctor.getByRole('heading', { name: 'Merci pour vos réponses' }).waitFor();

    // The receipt waits in this browser, to be redeemed at a random time 10 minutes to 6 hours later.
    const stored = await doctor.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('consilium:receipt:'))
        .map((k) => JSON.parse(localStorage.getItem(k) ?? '{}') as { redeemAt: number }),
    );
    expect(stored).toHaveLength(1);
    const delay = stored[0]!.redeemAt - Date.now();
    expect(delay).toBeGreaterThan(9 * 60_000);
    expect(delay).toBeLessThan(6 * 3_600_000);

    await redeemNowAndCheckBalance(doctor, '15,00 €');
    expect(await doctor.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('consilium:receipt:')))).toEqual([]);
  });

  it('a paediatrician does not see it; the client sees two answers', async () => {
    const doctor = await logIn(paediatrician, 'fr-FR');
    await doctor.goto('/surveys');
    await doctor.getByTestId('inbox-empty').waitFor();
    expect(await doctor.getByText(TITLE).count()).toBe(0);
    const response = await doctor.goto(surveyPath);
    expect(response?.status()).toBe(404);

    const client = await logIn(CLIENT_EMAIL, 'en-GB');
    await client.goto('/my-surveys');
    const card = client.getByTestId('client-survey').filter({ hasText: TITLE });
    expect(await card.locator('[data-status]').textContent()).toContain('Open');
    const bar = card.getByRole('progressbar');
    expect(await bar.getAttribute('aria-valuenow')).toBe('2');
    expect(await bar.getAttribute('aria-valuemax')).toBe('50');
    expect(await card.getByTestId('fill-rate').textContent()).toContain('2 / 50 answers (4%)');
  });
});
