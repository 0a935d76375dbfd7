/**
 * An admin's second factor in the browser: an admin without one (after the operator's reset) is
 * sent to the enrolment page, sets up an authenticator app, is asked to re-authenticate before
 * approving a licence, comes back with that approval in focus and makes it with one key, then
 * signs in again with a code.
 */
import { randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gql, PASSWORD, rppsNumber } from './api.ts';
import { confirmThroughApi, createAdmin, forgetSecondFactor, launchBrowser, logInOn, registerSecondFactor, runCli, secondFactorFor, startStack, type Stack } from './harness.ts';

let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
const ADMIN_EMAIL = `admin.${randomBytes(4).toString('hex')}@example.org`;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  await createAdmin(stack, ADMIN_EMAIL, PASSWORD);
  // The operator's reset: the admin signs in with the password alone and has no factor.
  await runCli(stack, ['admin:reset-factor', '--email', ADMIN_EMAIL]);
  forgetSecondFactor(ADMIN_EMAIL);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1280): Promise<Page> {
  const context = await browser!.newContext({ baseURL: stack!.webUrl, locale: 'en-GB', viewport: { width, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  return page;
}

/** A physician's licence waiting for review; resolves with its number. */
async function pendingLicence(): Promise<string> {
  const email = `dr.${randomBytes(4).toString('hex')}@example.fr`;
  const { register } = await gql<{ register: { token: string } }>(stack!, 'mutation ($i: RegisterInput!) { register(input: $i) { token } }', {
    i: { email, password: PASSWORD, role: 'PHYSICIAN' },
  });
  await confirmThroughApi(stack!, email);
  const licenseNumber = rppsNumber();
  await gql(stack!, 'mutation ($i: CredentialInput!) { submitCredential(input: $i) { id } }', {
    i: { country: 'FR', registry: 'RPPS', licenseNumber, specialty: 'cardiology', practiceStartYear: 2012 },
  }, register.token);
  return licenseNumber;
}

describe('an admin’s second factor', () => {
  it('enrols TOTP on the account page, steps up before approving, and signs in again with a code', async () => {
    const licence = await pendingLicence();
    const page = await newPage();
    // No factor registered with the harness yet: the password alone signs in.
    await logInOn(page, ADMIN_EMAIL, PASSWORD, 'en-GB');

    // Admin pages send an admin without a factor to the enrolment page, which says why.
    await page.goto('/verification');
    await page.waitForURL((url) => url.pathname === '/account/second-factor');
    await page.getByTestId('factor-required').waitFor();
    expect(await page.getByTestId('factor-required').textContent()).toContain('Administrators must sign in with a second factor');

    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).count()).toBe(1);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    // A wrong code first: refused, the QR code stays.
    await page.getByLabel('6-digit code').fill(String((Number(totp.generate()) + 1) % 1_000_000).padStart(6, '0'));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.locator('.field-error').first().waitFor();
    await page.getByLabel('6-digit code').fill(totp.generate());
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByText('Two-step sign-in is on.').waitFor();
    const codes = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    registerSecondFactor(ADMIN_EMAIL, secret, codes);
    // The code just used is spent: the harness starts from the next step.
    secondFactorFor(ADMIN_EMAIL);

    // The session now counts as opened with a factor: the queue opens. Approving asks for a step-up.
    await page.goto('/verification');
    const card = page.locator('article', { hasText: licence });
    await card.getByRole('button', { name: `Approve RPPS ${licence}` }).click();
    await page.waitForURL((url) => url.pathname === '/step-up');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Code of the app, or a recovery code').fill(secondFactorFor(ADMIN_EMAIL)!);
    await page.locator('main').getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL((url) => url.pathname === '/verification');
    // Back on the queue, the refused approval is waiting: the page says so and has it in focus — one key does it.
    await page.getByTestId('step-up-again').waitFor();
    const approve = page.locator('article', { hasText: licence }).getByRole('button', { name: `Approve RPPS ${licence}` });
    await expect.poll(() => approve.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText(`Licence RPPS ${licence} approved.`).waitFor();
    // Done: the address and the page no longer ask for it again.
    expect(new URL(page.url()).searchParams.has('again')).toBe(false);
    expect(await page.getByTestId('step-up-again').count()).toBe(0);

    // Signed out, the next sign-in asks for the code.
    await page.goto('/logout');
    await page.locator('main').getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto('/login');
    await page.getByLabel('E-mail address').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.locator('main').getByRole('button', { name: 'Log in' }).click();
    await page.getByLabel('Verification code').waitFor();
    expect(await page.getByText('This account has two-step sign-in').count()).toBe(1);
    await page.getByLabel('Verification code').fill(secondFactorFor(ADMIN_EMAIL)!);
    await page.locator('main').getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto('/account/second-factor');
    expect(await page.getByTestId('factor-status').textContent()).toContain('An authenticator app is set up.');
  });
});
