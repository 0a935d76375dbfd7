/**
 * Peer groups in Chromium: a physician creates a group and an invitation code (French, desktop), a
 * colleague joins through the link and starts a group thread on a phone (English); the thread is
 * readable by both members and, for a physician outside the group, answers "not found" exactly as a
 * thread that does not exist, and never shows in the feed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, PASSWORD, verifiedPhysician } from './api.ts';
import { createAdmin, launchBrowser, logInOn, startStack, text, type Stack } from './harness.ts';

let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };
const GROUP = `GLEM Croix-Rousse ${randomBytes(2).toString('hex')}`;
const TITLE = `Cas du groupe ${randomBytes(3).toString('hex')}`;

let owner = '';
let member = '';
let outsider = '';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const ready = stack;
  const adminEmail = `admin.${randomBytes(4).toString('hex')}@example.org`;
  await createAdmin(ready, adminEmail, PASSWORD);
  const adminToken = await apiLogin(ready, adminEmail);
  [owner, member, outsider] = await Promise.all([
    verifiedPhysician(ready, adminToken, { specialty: 'general-practice' }),
    verifiedPhysician(ready, adminToken, { specialty: 'cardiology' }),
    verifiedPhysician(ready, adminToken, { specialty: 'pediatrics' }),
  ]);
});

afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await browser?.close();
  await stack?.stop();
});

async function logIn(email: string, locale: 'fr-FR' | 'en-GB', viewport = DESKTOP): Promise<Page> {
  if (!browser || !stack) throw new Error('stack not started');
  const context = await browser.newContext({ baseURL: stack.webUrl, locale, viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await logInOn(page, email, PASSWORD, locale);
  return page;
}

describe('peer groups in the browser', () => {
  let joinPath = '';
  let threadPath = '';

  it('the owner creates a group and an invitation link', async () => {
    const page = await logIn(owner, 'fr-FR');
    await page.goto('/groups');
    await page.locator('#name').fill(GROUP);
    await page.locator('#kind').selectOption('GLEM');
    await page.getByRole('button', { name: 'Créer le groupe' }).click();
    await page.waitForURL((url) => /^\/groups\/[0-9a-f-]{36}$/.test(url.pathname));
    expect(await text(page, '[data-testid="group-name"]')).toBe(GROUP);
    await page.getByRole('button', { name: 'Nouveau code' }).click();
    await page.getByTestId('group-code-link').waitFor();
    joinPath = (await page.getByTestId('group-code-link').getAttribute('href'))!;
    expect(joinPath).toMatch(/^\/groups\/join\/[A-Za-z0-9_-]{20}$/);
  });

  it('a colleague joins through the link and starts a group thread on a phone', async () => {
    const page = await logIn(member, 'en-GB', PHONE);
    await page.goto(joinPath);
    await page.getByRole('button', { name: 'Join the group' }).click();
    await page.waitForURL((url) => /^\/groups\/[0-9a-f-]{36}$/.test(url.pathname));
    expect(await page.getByTestId('group-member').count()).toBe(2);
    await page.locator('#title').fill(TITLE);
    await page.locator('#body').fill('Only the group should read this.');
    await page.getByRole('button', { name: 'Post in the group' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/discussion/t/'));
    threadPath = new URL(page.url()).pathname;
    expect(await page.content()).toContain(TITLE);
  });

  it('the owner reads it; a physician outside the group gets "not found", as for no thread, and no trace in the feed', async () => {
    const ownerPage = await logIn(owner, 'fr-FR');
    expect((await ownerPage.goto(threadPath))!.status()).toBe(200);
    expect(await ownerPage.content()).toContain(TITLE);

    const page = await logIn(outsider, 'en-GB');
    const hidden = await page.goto(threadPath);
    const hiddenText = await page.locator('main').innerText();
    const absent = await page.goto(`/discussion/t/${randomUUID()}`);
    const absentText = await page.locator('main').innerText();
    expect(hidden!.status()).toBe(404);
    expect(absent!.status()).toBe(404);
    expect(hiddenText).toBe(absentText);
    expect(hiddenText).not.toContain(TITLE);
    await page.goto('/discussion');
    expect(await page.content()).not.toContain(TITLE);
    await page.goto('/groups');
    expect(await page.content()).not.toContain(GROUP);
  });
});
