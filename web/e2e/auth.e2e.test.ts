import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { confirmFromMail, launchBrowser, startStack, type Stack } from './harness.ts';

let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(options: { javaScriptEnabled?: boolean; locale?: string } = {}): Promise<Page> {
  if (!browser || !stack) throw new Error('stack not started');
  const context = await browser.newContext({ baseURL: stack.webUrl, locale: options.locale ?? 'fr-FR', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  return page;
}

const uniqueEmail = () => `dr.${randomBytes(5).toString('hex')}@example.fr`;
const PASSWORD = 'stethoscope lantern harbour 42';

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').trim();
}

describe('accounts in the browser', () => {
  it('a physician registers, sees who they are, logs out and logs in again', async () => {
    const page = await newPage();
    const email = uniqueEmail();

    await page.goto('/register');
    expect(await page.title()).toBe('Créer un compte · Consilium');
    await page.getByLabel('Médecin').check();
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();

    // Signed in, asked to confirm the address; the account page stays open meanwhile.
    await page.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
    expect(await text(page, '[data-testid="email-banner"]')).toContain(email);
    await page.goto('/');
    expect(await text(page, '[data-testid="account-email"]')).toBe(email);
    expect(await text(page, '[data-testid="account-role"]')).toBe('Médecin');
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('UNSUBMITTED');
    expect(await text(page, '[data-status]')).toBe('Non soumise');

    // A signed-in account has nothing to do on the login page (until confirmed, it is asked to confirm).
    await page.goto('/login');
    await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/confirm-address');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('link', { name: 'Se connecter' }).first().waitFor();
    expect(await page.locator('[data-testid="account-email"]').count()).toBe(0);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'consilium_session')).toBeUndefined();

    await page.goto('/login');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await page.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
    await confirmFromMail(page, stack!, email);
    await page.goto('/login');
    await page.waitForURL((url) => url.pathname === '/');
    expect(await text(page, '[data-testid="account-email"]')).toBe(email);

    const session = (await page.context().cookies()).find((c) => c.name === 'consilium_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(session?.expires).toBeGreaterThan(Date.now() / 1000 + 3600);
  });

  it('never says that an e-mail is taken: another password is refused, the account\'s own signs in', async () => {
    const page = await newPage();
    const email = uniqueEmail();
    const register = async (password: string) => {
      await page.goto('/register');
      await page.getByLabel('Médecin').check();
      await page.getByLabel('Adresse e-mail').fill(email);
      await page.getByLabel('Mot de passe').fill(password);
      await page.getByRole('button', { name: 'Créer mon compte' }).click();
    };

    await register(PASSWORD);
    await page.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('link', { name: 'Se connecter' }).first().waitFor();

    await register('another long passphrase 77');
    await page.locator('[data-testid="form-errors"]').waitFor();
    expect(await text(page, '[data-testid="form-errors"]')).toContain(
      'Impossible de créer un compte avec cette adresse e-mail et ce mot de passe. Si vous avez déjà un compte, connectez-vous.',
    );
    expect(new URL(page.url()).pathname).toBe('/register');

    await register(PASSWORD);
    await page.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
    expect(await text(page, '[data-testid="email-banner"]')).toContain(email);
  });

  it('switches between French and English, without JavaScript too', async () => {
    const page = await newPage({ javaScriptEnabled: false });

    await page.goto('/');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await text(page, 'h1')).toBe('Entre médecins, en toute confidentialité');

    await page.getByRole('button', { name: 'EN English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await text(page, 'h1')).toBe('Physician to physician, in confidence');
    expect(await page.title()).toBe('Home · Consilium');

    await page.goto('/login');
    expect(await text(page, 'h1')).toBe('Log in');
    await page.getByRole('button', { name: 'FR Français' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await text(page, 'h1')).toBe('Se connecter');
  });

  it.each([
    { javaScriptEnabled: true, label: 'with JavaScript' },
    { javaScriptEnabled: false, label: 'without JavaScript' },
  ])('shows the error next to a too-short password ($label), keeping the e-mail', async ({ javaScriptEnabled }) => {
    const page = await newPage({ javaScriptEnabled, locale: 'en-GB' });
    const email = uniqueEmail();

    await page.goto('/register');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create my account' }).click();

    const error = page.locator('#password-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('The password must be at least 12 characters long.');
    const password = page.getByLabel('Password');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-describedby')).toContain('password-error');
    expect(await page.getByLabel('E-mail address').inputValue()).toBe(email);
    expect(await text(page, '[data-testid="form-errors"]')).toContain('The form has one error.');
    expect(new URL(page.url()).pathname).toBe('/register');
  });
});
