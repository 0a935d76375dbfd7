/**
 * Following a group and a question in Chromium: a member watches their group from its page on a
 * phone, with the keyboard only (English), and finds it on the preferences page; the asker of a
 * question sees "Suivre cette question" already at "watching" (French, desktop) and mutes it.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql } from './api.ts';
import { DESKTOP, useBrowserStack, type Locale } from './browser-stack.ts';

const e2e = useBrowserStack();

const PHONE = { width: 375, height: 740 };
const GROUP = `GLEM Guillotière ${randomBytes(2).toString('hex')}`;
const QUESTION = `Souffle systolique ${randomBytes(3).toString('hex')} chez un sportif`;

let member = '';
let groupId = '';
let asker = '';
let questionId = '';

beforeAll(async () => {
  const ready = e2e.stack;
  let owner: string;
  [owner, member, asker] = await Promise.all([
    e2e.physician({ specialty: 'general-practice' }),
    e2e.physician({ specialty: 'cardiology' }),
    e2e.physician({ specialty: 'general-practice' }),
  ]);
  const ownerToken = await apiLogin(ready, owner);
  groupId = (await gql<{ createGroup: { id: string } }>(ready, 'mutation ($n: String!) { createGroup(input: { name: $n, kind: GLEM }) { id } }', { n: GROUP }, ownerToken)).createGroup.id;
  const { code } = (await gql<{ createGroupInvite: { code: string } }>(ready, 'mutation ($g: ID!) { createGroupInvite(groupId: $g) { code } }', { g: groupId }, ownerToken)).createGroupInvite;
  await gql(ready, 'mutation ($c: String!) { joinGroup(code: $c) { id } }', { c: code }, await apiLogin(ready, member));
  questionId = (
    await gql<{ askSpecialist: { id: string } }>(
      ready,
      'mutation ($i: AskSpecialistInput!) { askSpecialist(input: $i) { id } }',
      { i: { specialty: 'cardiology', urgency: 'ROUTINE', title: QUESTION, body: 'Échographie à demander avant la reprise ?' } },
      await apiLogin(ready, asker),
    )
  ).askSpecialist.id;
});

const logIn = (email: string, locale: Locale, viewport: { width: number; height: number } = DESKTOP): Promise<Page> =>
  e2e.logIn(email, { locale, viewport, timeout: 15_000 });

/** The follow form's POST, answered. */
const saved = (page: Page) => page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).search.includes('/follow'));

describe('following a group and a question in the browser', () => {
  it('a member watches the group from its page on a phone, with the keyboard, and finds it among their follows', async () => {
    const page = await logIn(member, 'en-GB', PHONE);
    await page.goto(`/groups/${groupId}`);
    const select = page.getByLabel('Notifications of this group');
    expect(await select.inputValue()).toBe('NORMAL');
    // What the levels mean is read out with the control.
    expect(await select.getAttribute('aria-describedby')).toBeTruthy();
    await select.focus();
    await page.keyboard.press('ArrowUp');
    expect(await select.inputValue()).toBe('WATCHING');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Save');
    await Promise.all([saved(page), page.keyboard.press('Enter')]);
    await page.reload();
    expect(await page.getByLabel('Notifications of this group').inputValue()).toBe('WATCHING');
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await page.goto('/notifications/settings');
    const follows = page.getByTestId('follows');
    expect(await follows.innerText()).toContain('Group');
    expect(await follows.getByRole('link', { name: GROUP }).getAttribute('href')).toBe(`/groups/${groupId}`);
  });

  it('the asker finds their question already watched, and mutes it', async () => {
    const page = await logIn(asker, 'fr-FR');
    await page.goto(`/discussion/t/${questionId}`);
    const select = page.getByLabel('Suivre cette question');
    expect(await select.inputValue()).toBe('WATCHING');
    await select.selectOption('MUTED');
    await Promise.all([saved(page), page.getByTestId('thread-follow').getByRole('button', { name: 'Enregistrer' }).click()]);
    await page.reload();
    expect(await page.getByLabel('Suivre cette question').inputValue()).toBe('MUTED');
    await page.goto('/notifications/settings');
    const item = page.getByTestId('follows').locator('li', { hasText: QUESTION });
    expect(await item.locator('.badge').innerText()).toBe('Question');
  });
});
