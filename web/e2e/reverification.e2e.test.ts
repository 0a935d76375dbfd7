/**
 * Re-verification in the browser (issue #14, point 5): a registry import that no longer lists a
 * verified physician puts the licence in the admins' "To re-verify" tab with the evidence; the
 * physician sees it on their credential page; the admin revokes with the keyboard and the
 * physician loses access.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSecondFactor, confirmFromMail, createAdmin, launchBrowser, runCli, startStack, type Stack } from './harness.ts';

let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
const PASSWORD = 'stethoscope lantern harbour 42';
const ADMIN_EMAIL = `admin.${randomBytes(4).toString('hex')}@example.org`;
const MARTIN = '10000000017';
const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../api/fixtures/registry/PS_LibreAcces_Personne_activite_202611010000.txt');
const scratch = mkdtempSync(path.join(tmpdir(), 'consilium-reverify-'));

/** The sample extract of a month later, without Claire MARTIN (the file's own bytes otherwise). */
function extractWithoutMartin(): string {
  const lines = readFileSync(FIXTURE).toString('latin1').split('\n');
  const file = path.join(scratch, 'PS_LibreAcces_Personne_activite_202612010000.txt');
  writeFileSync(file, Buffer.from(lines.filter((l) => !l.startsWith(`8|${MARTIN}|`)).join('\n'), 'latin1'));
  return file;
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  await Promise.all([createAdmin(stack, ADMIN_EMAIL, PASSWORD), runCli(stack, ['registry:import', '--registry', 'RPPS', FIXTURE])]);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await stack?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function newPage(locale: string, width = 1280): Promise<Page> {
  const context = await browser!.newContext({ baseURL: stack!.webUrl, locale, viewport: { width, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  return page;
}

async function logIn(page: Page, email: string, labels: { email: string; password: string; submit: string }) {
  await page.goto('/login');
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill(PASSWORD);
  await page.locator('main').getByRole('button', { name: labels.submit }).click();
  await completeSecondFactor(page, email, PASSWORD);
  await page.waitForURL((url) => url.pathname === '/');
}
const EN = { email: 'E-mail address', password: 'Password', submit: 'Log in' };
const FR = { email: 'Adresse e-mail', password: 'Mot de passe', submit: 'Se connecter' };

const squash = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('re-verification', () => {
  it('an import without a verified physician queues them with the evidence; the admin revokes; the physician loses access', async () => {
    // A physician verified against the November extract.
    const doctor = await newPage('fr-FR');
    const doctorEmail = `dr.${randomBytes(5).toString('hex')}@example.fr`;
    await doctor.goto('/register');
    await doctor.getByLabel('Médecin').check();
    await doctor.getByLabel('Adresse e-mail').fill(doctorEmail);
    await doctor.getByLabel('Mot de passe').fill(PASSWORD);
    await doctor.getByRole('button', { name: 'Créer mon compte' }).click();
    await doctor.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
    // Following the link goes on to the verification of the licence.
    await confirmFromMail(doctor, stack!, doctorEmail);
    expect(new URL(doctor.url()).pathname).toBe('/credential');
    await doctor.getByLabel('Numéro d’inscription').fill(MARTIN);
    await doctor.getByLabel('Spécialité').selectOption({ label: 'Cardiologie' });
    await doctor.getByLabel('Année de début d’exercice').fill('2009');
    await doctor.getByRole('button', { name: 'Soumettre pour vérification' }).click();
    await doctor.locator('[data-status="PENDING"]').waitFor();

    const admin = await newPage('en-GB');
    await logIn(admin, ADMIN_EMAIL, EN);
    await admin.goto('/verification');
    await admin.locator('article', { hasText: MARTIN }).getByRole('button', { name: `Approve RPPS ${MARTIN}` }).click();
    await admin.getByText(`Licence RPPS ${MARTIN} approved.`).waitFor();

    // December's extract no longer lists her.
    const out = await runCli(stack!, ['registry:import', '--registry', 'RPPS', extractWithoutMartin()], { SMTP_URL: stack!.mail.url, WEB_URL: stack!.webUrl });
    expect(out).toContain('1 verified credential(s) no longer listed, or listed with another specialty: queued for re-verification');
    // She is told by mail, in the language she registered in, with the way to her credential page.
    const mail = await stack!.mail.next(doctorEmail);
    expect(mail.subject).toBe('Nouvelle vérification de votre justificatif d’exercice');
    expect(mail.text).toContain('le registre ne mentionne plus votre numéro');
    expect(mail.text).toContain(`${stack!.webUrl}/credential`);

    await admin.goto('/verification');
    await admin.getByRole('navigation', { name: 'Licences by status' }).getByRole('link', { name: 'To re-verify' }).click();
    await admin.waitForURL((url) => url.search === '?status=REVERIFY');
    const card = admin.locator('article', { hasText: MARTIN });
    expect(await card.getByTestId('reverification').getByText('The registry no longer lists this number').count()).toBe(1);
    expect(await card.getByTestId('registry-now').getByText('Not found on the registry').count()).toBe(1);
    expect(await card.getByText('Extract of 1 December 2026').count()).toBe(1);
    // Before: what the November extract said.
    expect(await card.getByTestId('registry-evidence').getByText('Found on the registry').count()).toBe(1);

    // The same page in French, on a phone.
    const adminFr = await newPage('fr-FR', 360);
    await logIn(adminFr, ADMIN_EMAIL, FR);
    await adminFr.goto('/verification?status=REVERIFY');
    const cardFr = adminFr.locator('article', { hasText: MARTIN });
    expect(await cardFr.getByText('Le registre ne mentionne plus ce numéro').count()).toBe(1);
    expect(await cardFr.getByTestId('registry-now').getByText('Introuvable au registre').count()).toBe(1);
    expect(await adminFr.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The physician is told on their home page and their credential page, and still has access meanwhile.
    await doctor.goto('/');
    expect(await squash(doctor, '[data-testid="reverification-notice"]')).toContain('le registre ne mentionne plus ce numéro');
    await doctor.goto('/credential');
    expect(await squash(doctor, '[data-testid="reverification-notice"]')).toContain('le registre ne mentionne plus ce numéro');
    await doctor.locator('[data-status="VERIFIED"]').waitFor();

    // The admin revokes, with the keyboard.
    await card.getByLabel('Reason for revoking').focus();
    await admin.keyboard.type('No longer in the RPPS since December.');
    await admin.keyboard.press('Tab');
    await admin.keyboard.press('Enter');
    await admin.getByTestId('queue-notice').getByText(`Licence RPPS ${MARTIN} revoked.`).waitFor();
    await card.waitFor({ state: 'detached' });

    await doctor.reload();
    await doctor.locator('[data-status="REVOKED"]').waitFor();
    expect(await doctor.getByTestId('reverification-notice').count()).toBe(0);
  }, 90_000);
});
