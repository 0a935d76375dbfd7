import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql, PASSWORD } from './api.ts';
import { useBrowserStack, type Locale } from './browser-stack.ts';
import { logInOn, text } from './harness.ts';

const e2e = useBrowserStack();

const BODY = `Un cas que je veux garder ${randomBytes(3).toString('hex')}`;
const OTHER_BODY = 'A colleague’s reply that is not mine.';
let member: string;
let colleagueToken: string;
let threadId: string;

beforeAll(async () => {
  const ready = e2e.stack;
  const [memberEmail, colleague] = await Promise.all([e2e.physician({ specialty: 'cardiology' }), e2e.physician({ specialty: 'cardiology' })]);
  member = memberEmail;
  colleagueToken = await apiLogin(ready, colleague);
  const memberToken = await apiLogin(ready, member);
  const { createThread } = await gql<{ createThread: { id: string } }>(
    ready,
    'mutation ($i: ThreadInput!) { createThread(input: $i) { id } }',
    { i: { room: 'general', title: 'Mon cas', body: BODY } },
    memberToken,
  );
  threadId = createThread.id;
  await gql(ready, 'mutation ($i: ReplyInput!) { reply(input: $i) { id } }', { i: { threadId, body: OTHER_BODY } }, colleagueToken);
});

const newPage = (locale: Locale, viewport: { width: number; height: number }): Promise<Page> =>
  e2e.newPage({ locale, viewport, timeout: 10_000, context: { acceptDownloads: true } });

describe('a member\'s sessions and data rights in the browser', () => {
  it('signs out another device from the list (English, desktop)', async () => {
    const other = await newPage('en-GB', { width: 1280, height: 900 });
    await logInOn(other, member, PASSWORD, 'en-GB');
    const page = await newPage('en-GB', { width: 1280, height: 900 });
    await logInOn(page, member, PASSWORD, 'en-GB');
    const sessions = page.getByTestId('session');
    // Two browsers here, plus the API logins of the set-up.
    const before = await sessions.count();
    expect(before).toBeGreaterThanOrEqual(2);
    expect(await text(page, '[data-testid="account-sessions"]')).toContain('This device');
    expect(await text(page, '[data-testid="account-sessions"]')).toMatch(/Chrom\w* on Linux/);
    // The first one that is not this device (the list is the most recently used first).
    const notCurrent = sessions.filter({ hasNotText: 'This device' }).first();
    await notCurrent.getByRole('button', { name: /^Sign out / }).click();
    await page.getByTestId('sessions-notice').waitFor();
    expect(await sessions.count()).toBe(before - 1);
    // This device is still signed in.
    await page.reload();
    expect(await text(page, '[data-testid="account-email"]')).toBe(member);
  });

  it('downloads the data, then deletes the account with the keyboard on a phone (French)', async () => {
    const page = await newPage('fr-FR', { width: 360, height: 740 });
    await logInOn(page, member, PASSWORD, 'fr-FR');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-data').click()]);
    expect(download.suggestedFilename()).toMatch(/^consilium-data-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported.account.email).toBe(member);
    expect(exported.pseudonym.posts.map((p: { body: string }) => p.body)).toEqual([BODY]);
    expect(JSON.stringify(exported)).not.toContain(OTHER_BODY);

    // Told first what happens to the posts, the licence and the honoraria.
    const rights = await text(page, '[data-testid="data-rights"]');
    expect(rights).toContain('plus rien ne les relie à vous');
    expect(rights).toContain('Votre licence est libérée');
    expect(rights).toContain('sans votre adresse e-mail');
    // The page fits the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const password = page.getByLabel('Votre mot de passe, pour confirmer');
    await password.focus();
    await page.keyboard.type('not the password at all');
    await page.keyboard.press('Enter');
    await page.getByText('Ce mot de passe n’est pas le bon').waitFor();

    await password.fill('');
    await password.focus();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('account-deleted').waitFor();
    expect(await page.getByTestId('account-email').count()).toBe(0);

    // The account is gone; the post remains for the others.
    await expect(apiLogin(e2e.stack, member)).rejects.toThrow();
    const { thread } = await gql<{ thread: { body: string } }>(e2e.stack, 'query ($id: ID!) { thread(id: $id) { body } }', { id: threadId }, colleagueToken);
    expect(thread.body).toBe(BODY);
  });
});
