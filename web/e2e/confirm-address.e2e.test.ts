/**
 * Issue #14, point 1 in the browser: a member who registered is signed in, but reaches nothing
 * beyond the account page until the mailed link is followed; the link goes on to where they were going.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { linkToken } from '../../api/src/test/smtp.ts';
import { confirmFromMail, launchBrowser, startStack, text, type Stack } from './harness.ts';

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

async function newPage(locale: 'fr-FR' | 'en-GB', viewport = { width: 1280, height: 900 }): Promise<Page> {
  if (!browser || !stack) throw new Error('stack not started');
  const context = await browser.newContext({ baseURL: stack.webUrl, locale, viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  return page;
}

const PASSWORD = 'stethoscope lantern harbour 42';
const unique = () => randomBytes(5).toString('hex');

describe('confirming the address before anything else', () => {
  it('a client on a phone is held at /confirm-address, sends the link again with the keyboard, and the new link continues to the page asked for', async () => {
    const page = await newPage('en-GB', { width: 360, height: 740 });
    const email = `study.${unique()}@example.org`;
    await page.goto('/register');
    await page.getByLabel('A client organisation').check();
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Organisation name').fill('Agence test');
    await page.getByLabel('Type of organisation').selectOption('PUBLIC_AGENCY');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm your e-mail address');
    expect(await text(page, '[data-testid="email-banner"]')).toBe(`Confirm your e-mail address: open the link we sent to ${email}. Send the link again`);
    const first = await stack!.mail.next(email);

    // Every page but the account page sends the member back here, remembering where they were going.
    for (const path of ['/my-surveys', '/orders', '/my-surveys/new']) {
      await page.goto(path);
      await page.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
      expect(new URL(page.url()).searchParams.get('redirectTo')).toBe(path);
    }
    await page.goto('/');
    expect(await text(page, '[data-testid="account-email"]')).toBe(email);
    await page.goto('/confirm-address?redirectTo=%2Fmy-surveys%2Fnew');
    await page.waitForLoadState('networkidle');

    // "Send the link again", with the keyboard: the first link stops working.
    await page.getByRole('button', { name: 'Send the link again' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('email-notice').textContent()).toContain('A new link has just been sent');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.goto(`/confirm-email?token=${linkToken(first.text, '/confirm-email')}`);
    await page.getByRole('button', { name: 'Confirm my address' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('This link is unknown, has already been used or has expired. Ask for a new one.');

    await confirmFromMail(page, stack!, email);
    expect(new URL(page.url()).pathname).toBe('/my-surveys/new');
    expect(await page.getByLabel('Title').count()).toBe(1);
  });

  it('a physician who confirms on another device is let through on the next page, and a mistyped address can be changed first', async () => {
    const page = await newPage('fr-FR');
    const typo = `dr.${unique()}@exmaple.fr`;
    const right = `dr.${unique()}@example.fr`;
    await page.goto('/register');
    await page.getByLabel('Médecin').check();
    await page.getByLabel('Adresse e-mail').fill(typo);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });
    await stack!.mail.next(typo);
    await page.waitForLoadState('networkidle');

    await page.getByText('Changer d’adresse e-mail').click();
    await page.getByLabel('Nouvelle adresse e-mail').fill(right);
    await page.getByLabel('Mot de passe actuel').fill(PASSWORD);
    await page.getByRole('button', { name: 'Envoyer le lien de confirmation' }).click();
    await expect.poll(() => page.getByTestId('email-notice').textContent()).toContain('Un lien de confirmation a été envoyé');
    await page.goto('/credential');
    await page.waitForURL((url) => url.pathname === '/confirm-address', { timeout: 20_000 });

    // The link opened on another device, signed out there: it says the address is confirmed.
    const phone = await newPage('fr-FR', { width: 360, height: 740 });
    await confirmFromMail(phone, stack!, right);
    expect(await phone.getByTestId('confirm-notice').textContent()).toContain('Votre adresse e-mail est confirmée.');

    await page.goto('/credential');
    expect(new URL(page.url()).pathname).toBe('/credential');
    await page.goto('/');
    expect(await text(page, '[data-testid="account-email"]')).toBe(right);
    expect(await page.getByTestId('email-banner').count()).toBe(0);
  });
});
