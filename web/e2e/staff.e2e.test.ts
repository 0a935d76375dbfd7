/**
 * The owner's /staff page (issue #14, point 6): an owner, signed in with their TOTP code, grants a
 * staff member a role and withdraws it, with a reason; the page shows each change, the member's
 * navigation follows on their next page, and the audit log keeps both with their reason.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from './api.ts';
import { createAdmin, launchBrowser, logInOn, startStack, type Stack } from './harness.ts';

let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
const tag = randomBytes(4).toString('hex');
const OWNER = `owner.${tag}@example.org`;
const MEMBER = `finance.${tag}@example.org`;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  // Operators create staff; the harness keeps their TOTP secrets and answers the code question.
  await createAdmin(stack, OWNER, PASSWORD, ['OWNER']);
  await createAdmin(stack, MEMBER, PASSWORD, ['FINANCE']);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function signedIn(email: string, width = 1280): Promise<Page> {
  const context = await browser!.newContext({ baseURL: stack!.webUrl, locale: 'en-GB', viewport: { width, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  await logInOn(page, email, PASSWORD, 'en-GB');
  return page;
}

/** The names of the links of the administration's navigation. */
const adminLinks = async (page: Page) =>
  (await page.getByRole('navigation', { name: 'Administration' }).getByRole('link').allTextContents()).map((name) => name.replace(/\s+/g, ' ').trim());

/** The member's card on /staff, and the names of the roles it shows. */
const card = (page: Page) => page.locator(`[data-testid="staff-member"][data-email="${MEMBER}"]`);
const rolesShown = async (page: Page) => (await card(page).getByTestId('staff-roles').locator('.badge').allTextContents()).map((name) => name.trim());

async function change(page: Page, action: 'Grant' | 'Withdraw', role: string, reason: string) {
  await card(page).getByLabel('Role').selectOption({ label: role });
  await card(page).getByLabel('Reason (written to the audit log)').fill(reason);
  await card(page).getByRole('button', { name: action }).click();
}

describe('the owner’s staff page', () => {
  it('grants a role and withdraws it, with reasons: the page, the member’s pages and the audit log follow', async () => {
    const owner = await signedIn(OWNER);
    const member = await signedIn(MEMBER);
    // A finance member: orders, and nothing of the survey reviewers' pages.
    await member.goto('/');
    expect(await adminLinks(member)).toEqual(['Orders']);

    await owner.goto('/staff');
    expect(await rolesShown(owner)).toEqual(['Finance']);
    await change(owner, 'Grant', 'Survey review — surveys and reports', 'Covers the survey queue in August');
    await owner.getByTestId('staff-notice').getByText(`Survey review role granted to ${MEMBER}.`).waitFor();
    expect(await rolesShown(owner)).toEqual(['Survey review', 'Finance']);

    // The member's very next page opens what the role gives.
    await member.goto('/survey-review');
    expect(await member.locator('h1').textContent()).not.toMatch(/403|Forbidden/);
    expect(await adminLinks(member)).toEqual(['Survey review', 'Orders', 'Report jobs']);

    await change(owner, 'Withdraw', 'Survey review — surveys and reports', 'Back from holidays');
    await owner.getByTestId('staff-notice').getByText(`Survey review role withdrawn from ${MEMBER}.`).waitFor();
    expect(await rolesShown(owner)).toEqual(['Finance']);
    // Reloaded, the page still says so: it is the database's word, not the form's.
    await owner.reload();
    expect(await rolesShown(owner)).toEqual(['Finance']);

    // Withdrawn, the role's pages answer 403 at once and leave the member's navigation.
    const refused = await member.goto('/survey-review');
    expect(refused?.status()).toBe(403);
    await member.goto('/');
    expect(await adminLinks(member)).toEqual(['Orders']);

    // A withdrawal without a reason is refused by the form itself; nothing changes.
    await card(owner).getByLabel('Role').selectOption({ label: 'Finance — orders and invoices' });
    await card(owner).getByLabel('Reason (written to the audit log)').fill('');
    await card(owner).getByRole('button', { name: 'Withdraw' }).click();
    expect(await card(owner).getByLabel('Reason (written to the audit log)').evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    expect(await rolesShown(owner)).toEqual(['Finance']);

    // Both changes are in the audit log, with their reasons.
    await owner.goto('/audit');
    const log = (await owner.locator('main').textContent()) ?? '';
    expect(log).toContain('Covers the survey queue in August');
    expect(log).toContain('Back from holidays');
  });
});
