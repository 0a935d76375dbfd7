/**
 * Peer groups in Chromium: a physician creates a group and an invitation code (French, desktop), a
 * colleague joins through the link and starts a group thread on a phone (English); the thread is
 * readable by both members and, for a physician outside the group, answers "not found" exactly as a
 * thread that does not exist, and never shows in the feed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, useBrowserStack, type Locale } from './browser-stack.ts';
import { text } from './harness.ts';

const e2e = useBrowserStack();

const PHONE = { width: 375, height: 740 };
const GROUP = `GLEM Croix-Rousse ${randomBytes(2).toString('hex')}`;
const TITLE = `Cas du groupe ${randomBytes(3).toString('hex')}`;

let owner = '';
let member = '';
let outsider = '';

beforeAll(async () => {
  [owner, member, outsider] = await Promise.all([
    e2e.physician({ specialty: 'general-practice' }),
    e2e.physician({ specialty: 'cardiology' }),
    e2e.physician({ specialty: 'pediatrics' }),
  ]);
});

const logIn = (email: string, locale: Locale, viewport: { width: number; height: number } = DESKTOP): Promise<Page> =>
  e2e.logIn(email, { locale, viewport, timeout: 10_000 });

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
