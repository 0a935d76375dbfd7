import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// The API's loopback SMTP server for tests: a real server, whose mails the test reads.
import { linkToken, startSmtpServer } from '../../api/src/test/smtp.ts';
import { launchBrowser, startStack, type Stack } from './harness.ts';

let stack: Stack | undefined;
let browser: Browser | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  [stack, browser] = await Promise.all([startStack({ env: { SMTP_URL: smtp.url } }), launchBrowser()]);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await smtp?.close();
});

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  if (!browser || !stack) throw new Error('stack not started');
  const context = await browser.newContext({ baseURL: stack.webUrl, locale: 'fr-FR', viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  return page;
}

const PASSWORD = 'stethoscope lantern harbour 42';
const NEW_PASSWORD = 'quiet meadow compass 1987';

describe('e-mail in the browser', () => {
  it('a new physician confirms the address from the mail; the banner goes away', async () => {
    const page = await newPage();
    const email = `dr.${randomBytes(5).toString('hex')}@example.fr`;
    await page.goto('/register');
    await page.getByLabel('Médecin').check();
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
    expect(await page.getByTestId('email-banner').textContent()).toContain(email);

    const mail = await smtp.next(email);
    expect(mail.subject).toBe('Confirmez votre adresse e-mail');
    await page.goto(`/confirm-email?token=${linkToken(mail.text, '/confirm-email')}`);
    await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
    // Signed in here: following the link goes on to the physician's next step, the licence.
    await page.waitForURL((url) => url.pathname === '/credential', { timeout: 20_000 });
    await page.goto('/');
    expect(await page.getByTestId('email-banner').count()).toBe(0);
  });

  it('changes the address from the account page: confirmed from the new address, the old one told', async () => {
    const page = await newPage();
    const email = `dr.${randomBytes(5).toString('hex')}@example.fr`;
    const moved = `moved.${randomBytes(5).toString('hex')}@example.fr`;
    await page.goto('/register');
    await page.getByLabel('Médecin').check();
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
    await smtp.next(email); // the confirmation

    await page.goto('/');
    await page.waitForLoadState('networkidle');
    await page.getByText('Changer d’adresse e-mail').click();
    await page.getByLabel('Nouvelle adresse e-mail').fill(moved);
    await page.getByLabel('Mot de passe actuel').fill(PASSWORD);
    await page.getByRole('button', { name: 'Envoyer le lien de confirmation' }).click();
    await expect.poll(() => page.getByTestId('email-notice').textContent()).toContain('Un lien de confirmation a été envoyé');
    expect(await page.getByTestId('account-email').textContent()).toBe(email);

    const mail = await smtp.next(moved);
    await page.goto(`/confirm-email?token=${linkToken(mail.text, '/confirm-email')}`);
    await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
    await page.waitForURL((url) => url.pathname === '/credential', { timeout: 20_000 });
    await page.goto('/');
    expect(await page.getByTestId('account-email').textContent()).toBe(moved);
    expect((await smtp.next(email)).subject).toBe('L’adresse e-mail de votre compte a changé');
  });

  it('forgot password → mail → reset → log in with the new password, on a phone, with the keyboard', async () => {
    const email = `dr.${randomBytes(5).toString('hex')}@example.fr`;
    const first = await newPage();
    await first.goto('/register');
    await first.getByLabel('Médecin').check();
    await first.getByLabel('Adresse e-mail').fill(email);
    await first.getByLabel('Mot de passe').fill(PASSWORD);
    await first.getByRole('button', { name: 'Créer mon compte' }).click();
    await first.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
    await smtp.next(email); // the confirmation

    const page = await newPage({ width: 360, height: 740 });
    await page.goto('/login');
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.waitForURL((url) => url.pathname === '/forgot-password');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('forgot-notice').textContent()).toContain('Si un compte utilise cette adresse');

    const mail = await smtp.next(email);
    expect(mail.subject).toBe('Réinitialiser votre mot de passe');
    await page.goto(`/reset-password?token=${linkToken(mail.text, '/reset-password')}`);
    await page.getByLabel('Nouveau mot de passe').fill(NEW_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/login');
    expect(await page.getByTestId('login-notice').textContent()).toContain('tous vos appareils ont été déconnectés');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The session opened at registration ended with the reset.
    await first.goto('/');
    expect(await first.getByTestId('account-email').count()).toBe(0);

    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(NEW_PASSWORD);
    await page.locator('main').getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.getByTestId('account-email').textContent()).toBe(email);

    // The link worked once.
    await page.goto(`/reset-password?token=${linkToken(mail.text, '/reset-password')}`);
    await page.getByLabel('Nouveau mot de passe').fill(`${NEW_PASSWORD} again`);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Ce lien est inconnu, a déjà servi ou a expiré');
  });
});
