/**
 * Passkeys in Chromium (#14): Chromium's virtual authenticator (DevTools protocol, CTAP2, with
 * resident keys and user verification) stands in for a phone or a laptop's fingerprint reader.
 * A member adds a passkey on the account page, renames it, signs out and signs in with it alone;
 * a refused user verification is explained; the passkey is removed.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, PASSWORD } from './api.ts';
import { confirmThroughApi, launchBrowser, logInOn, startStack, type Stack } from './harness.ts';

let stack: Stack | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ localhost: true }), launchBrowser()]);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.stop();
});

/** A page with a virtual platform authenticator that verifies its user (fingerprint accepted). */
async function pageWithAuthenticator(width: number): Promise<{ page: Page; cdp: CDPSession; authenticatorId: string }> {
  context = await browser!.newContext({ baseURL: stack!.webUrl, locale: 'en-GB', viewport: { width, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { page, cdp, authenticatorId };
}

describe('passkeys in the browser', () => {
  it('a member adds a passkey, names it, signs out and signs in with it alone, then removes it', async () => {
    const email = `dr.${randomBytes(5).toString('hex')}@example.fr`;
    await gql(stack!, 'mutation ($e: String!, $p: String!) { register(input: { email: $e, password: $p, role: PHYSICIAN }) { token } }', { e: email, p: PASSWORD });
    await confirmThroughApi(stack!, email);
    const { page, cdp, authenticatorId } = await pageWithAuthenticator(1280);
    await logInOn(page, email, PASSWORD, 'en-GB');

    const section = page.getByTestId('account-passkeys');
    expect(await section.getByText('No passkey yet.').count()).toBe(1);
    // Hydrated: the button is enabled once the page's scripts know the browser can make passkeys.
    const add = section.getByRole('button', { name: 'Add a passkey' });
    await expect.poll(() => add.isEnabled()).toBe(true);
    await section.getByLabel('Name of the passkey').fill('Test laptop');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('passkeys-notice').textContent()).toContain('The passkey was added');
    expect(await section.getByTestId('passkey-name').allTextContents()).toEqual(['Test laptop']);
    expect(await section.getByTestId('passkey').textContent()).toMatch(/Added on .*not used yet/);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);
    // On a phone's width, the list and its forms fit.
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 800 });

    await section.getByLabel('New name for “Test laptop”').fill('Work laptop');
    await section.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => page.getByTestId('passkeys-notice').textContent()).toContain('renamed');
    expect(await section.getByTestId('passkey-name').allTextContents()).toEqual(['Work laptop']);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Log in' }).first().waitFor();

    // Signing in with the passkey only: no e-mail, no password.
    await page.goto('/login');
    const signIn = page.getByRole('button', { name: 'Sign in with a passkey' });
    await expect.poll(() => signIn.isEnabled()).toBe(true);
    // The device refuses to verify its user (a wrong fingerprint): the page says what happened.
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    await signIn.click();
    await expect.poll(() => page.getByTestId('passkey-problem').textContent()).toMatch(/cancelled|could not be verified|not recognised/);
    expect(new URL(page.url()).pathname).toBe('/login');

    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });
    await signIn.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.getByTestId('account-email').textContent()).toBe(email);
    expect(await page.getByTestId('passkey').textContent()).toMatch(/used on/);

    await page.getByRole('button', { name: 'Remove the passkey “Work laptop”' }).click();
    await expect.poll(() => page.getByTestId('passkeys-notice').textContent()).toContain('removed');
    expect(await page.getByTestId('passkey').count()).toBe(0);
  });
});
