import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeSecondFactor, confirmFromMail, createAdmin, launchBrowser, runCli, startStack, type Stack } from './harness.ts';

let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

const PASSWORD = 'stethoscope lantern harbour 42';
const ADMIN_EMAIL = `admin.${randomBytes(4).toString('hex')}@example.org`;
// The RPPS sample extract (api/fixtures/registry) lists these two, made by makeLicenseNumber('RPPS', 1 | 2):
// Claire MARTIN, cardiology, and Julien BERNARD, general practice.
const MARTIN = '10000000017';
const BERNARD = '10000000025';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const ready = stack;
  await Promise.all([
    createAdmin(ready, ADMIN_EMAIL, PASSWORD),
    runCli(ready, [
      'registry:import',
      '--registry',
      'RPPS',
      'fixtures/registry/PS_LibreAcces_Personne_activite_202611010000.txt',
    ]),
  ]);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(locale: string, javaScriptEnabled = true): Promise<Page> {
  if (!browser || !stack) throw new Error('stack not started');
  const context = await browser.newContext({ baseURL: stack.webUrl, locale, javaScriptEnabled });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  return page;
}

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** A French physician with an account whose address is confirmed, on the home page. */
async function physician(javaScriptEnabled = true): Promise<Page> {
  const page = await newPage('fr-FR', javaScriptEnabled);
  const email = `dr.${randomBytes(5).toString('hex')}@example.fr`;
  await page.goto('/register');
  await page.getByLabel('Médecin').check();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
  await confirmFromMail(page, stack!, email);
  await page.goto('/');
  return page;
}

async function submitCredential(page: Page, licenseNumber: string, specialty: string): Promise<void> {
  await page.getByLabel('Numéro d’inscription').fill(licenseNumber);
  await page.getByLabel('Spécialité').selectOption({ label: specialty });
  await page.getByLabel('Région ou province d’exercice (facultatif)').fill('Bretagne');
  await page.getByLabel('Année de début d’exercice').fill('2009');
  await page.getByRole('button', { name: 'Soumettre pour vérification' }).click();
  await page.locator('[data-status="PENDING"]').waitFor();
}

/** An English-speaking admin, signed in, on the verification queue. */
async function admin(javaScriptEnabled = true): Promise<Page> {
  const page = await newPage('en-GB', javaScriptEnabled);
  await page.goto('/login');
  await page.getByLabel('E-mail address').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.locator('main').getByRole('button', { name: 'Log in' }).click();
  await completeSecondFactor(page, ADMIN_EMAIL, PASSWORD);
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Verification queue' }).click();
  await page.waitForURL((url) => url.pathname === '/verification');
  return page;
}

describe('licence verification in the browser', () => {
  it('a physician submits a licence, an admin approves it, the physician gets a pseudonym', async () => {
    const doctor = await physician();
    await doctor.getByRole('link', { name: 'Soumettre ma licence' }).click();
    await doctor.waitForURL((url) => url.pathname === '/credential');

    // The registry sets the country, and the number's format follows the registry.
    expect(await text(doctor, '#licenseNumber-hint')).toContain('RPPS : 11 chiffres');
    await doctor.getByLabel('Pays et registre d’inscription').selectOption({ label: 'Belgique — INAMI' });
    expect(await text(doctor, '#licenseNumber-hint')).toContain('INAMI : 11 chiffres');
    await doctor.getByLabel('Pays et registre d’inscription').selectOption({ label: 'France — RPPS' });
    await submitCredential(doctor, '100 000 000 17', 'Cardiologie');

    expect(await text(doctor, '[data-status]')).toBe('En cours d’examen');
    expect(await text(doctor, '[data-testid="receipt-registry"]')).toBe('RPPS');
    expect(await text(doctor, '[data-testid="receipt-extract"]')).toBe('Extrait du 1 novembre 2026');
    expect(await text(doctor, '[data-testid="receipt-decided-at"]')).toBe('Pas encore de décision');

    const reviewer = await admin();
    const card = reviewer.locator('article', { hasText: MARTIN });
    const evidence = card.getByTestId('registry-evidence');
    expect(await evidence.getByText('Found on the registry').count()).toBe(1);
    expect(await evidence.getByTestId('name-on-registry').textContent()).toBe('Claire MARTIN');
    expect(await evidence.getByText('Agrees with the registry').count()).toBe(1);
    await card.getByRole('button', { name: `Approve RPPS ${MARTIN}` }).click();
    await reviewer.getByText(`Licence RPPS ${MARTIN} approved.`).waitFor();
    await card.waitFor({ state: 'detached' });

    await doctor.reload();
    expect(await text(doctor, '[data-status]')).toBe('Vérifiée');
    const handle = await text(doctor, '[data-testid="pseudonym-handle"]');
    expect(handle).toMatch(/^[A-Z][a-z]+-[A-Z][a-z]+-\d{4}$/);
    expect(await text(doctor, '[data-testid="pseudonym-badge"]')).toBe('Badge vérifié : Cardiologie · France');
    expect(await text(doctor, '[data-testid="receipt-decided-by"]')).toBe('Administrateur');
    expect(await doctor.getByText('Les autres médecins ne voient jamais que ce pseudonyme').count()).toBe(1);

    await doctor.goto('/');
    expect(await text(doctor, '[data-testid="pseudonym-handle"]')).toBe(handle);
  });

  it('without JavaScript, a decision comes back to the tab’s own address and says what was done', async () => {
    const reviewer = await admin(false);
    await reviewer.goto('/verification?status=VERIFIED');
    const card = reviewer.locator('article', { hasText: MARTIN });
    await card.getByLabel('Reason for revoking').fill('Struck off the registry since the approval.');
    await card.getByRole('button', { name: `Revoke RPPS ${MARTIN}` }).click();

    await reviewer.getByTestId('queue-notice').getByText(`Licence RPPS ${MARTIN} revoked.`).waitFor();
    expect(new URL(reviewer.url()).search).toBe('?status=VERIFIED');
    expect(await card.count()).toBe(0);
    // Said once: reloading the clean address neither posts again nor repeats the notice.
    await reviewer.reload();
    expect((await reviewer.getByTestId('queue-notice').textContent())?.trim()).toBe('');
  });

  it('asks for a reason before rejecting, then shows the physician that reason', async () => {
    const doctor = await physician();
    await doctor.goto('/credential');
    await submitCredential(doctor, BERNARD, 'Pédiatrie');

    const reviewer = await admin();
    const card = reviewer.locator('article', { hasText: BERNARD });
    expect(await card.getByText('Does not agree with the registry').count()).toBe(1);
    await card.getByRole('button', { name: `Reject RPPS ${BERNARD}` }).click();

    const reason = card.getByLabel('Reason for rejecting');
    const error = card.locator('.field-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Give the reason: the physician will be told.');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await reason.getAttribute('aria-describedby')).toContain((await error.getAttribute('id')) ?? 'missing');
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);

    await reason.fill('The registry lists this number for a general practitioner.');
    await card.getByRole('button', { name: `Reject RPPS ${BERNARD}` }).click();
    await reviewer.getByText(`Licence RPPS ${BERNARD} rejected.`).waitFor();

    await reviewer.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit log' }).click();
    const row = reviewer.locator('tr', { hasText: 'general practitioner' });
    expect(await row.locator('td').nth(1).textContent()).toBe('Licence rejected');

    await doctor.reload();
    expect(await text(doctor, '[data-status]')).toBe('Refusée');
    expect(await text(doctor, '[data-testid="review-reason"]')).toBe(
      'The registry lists this number for a general practitioner.',
    );
    await doctor.getByRole('heading', { name: 'Soumettre une licence corrigée' }).waitFor();
    expect(await doctor.getByLabel('Numéro d’inscription').inputValue()).toBe(BERNARD);
  });

  it('without JavaScript too, keeps the chosen registry and shows the API’s error next to the number', async () => {
    const doctor = await physician(false);
    await doctor.goto('/credential');
    await doctor.getByLabel('Pays et registre d’inscription').selectOption({ label: 'Belgique — INAMI' });
    await doctor.getByLabel('Numéro d’inscription').fill('1-23456-78-901');
    await doctor.getByLabel('Spécialité').selectOption({ label: 'Pédiatrie' });
    await doctor.getByLabel('Année de début d’exercice').fill('2015');
    await doctor.getByRole('button', { name: 'Soumettre pour vérification' }).click();

    const error = doctor.locator('#licenseNumber-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Ce numéro n’a pas le format de ce registre, ou son chiffre de contrôle est faux.');
    expect(await doctor.getByLabel('Numéro d’inscription').getAttribute('aria-invalid')).toBe('true');
    expect(await doctor.getByLabel('Numéro d’inscription').inputValue()).toBe('1-23456-78-901');
    expect(await doctor.getByLabel('Pays et registre d’inscription').inputValue()).toBe('INAMI');
    expect(await doctor.getByLabel('Spécialité').inputValue()).toBe('pediatrics');
    expect(await text(doctor, '#licenseNumber-hint')).toContain('INAMI : 11 chiffres, sans les tirets');
    expect(await text(doctor, '[data-testid="form-errors"]')).toContain('Le formulaire contient une erreur.');
  });
});
