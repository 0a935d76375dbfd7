/**
 * Private messages in Chromium, as two physicians would use them: one writes to the author of a
 * post from the thread (French, desktop, keyboard only), the other sees the unread count in the
 * header, reads and answers on a phone (English), reports a message (a moderator sees it and the
 * two before it, nothing else), then blocks the first, whose next message is refused.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql } from './api.ts';
import { DESKTOP, useBrowserStack, type Locale } from './browser-stack.ts';
import { openNavLink, text } from './harness.ts';

const e2e = useBrowserStack();

const PHONE = { width: 360, height: 740 };
const FIRST = `Bonjour, une question sur votre cas ${randomBytes(2).toString('hex')} : avez-vous fait un holter ?`;
const ANSWER = 'Yes, a 48-hour Holter: **nothing** significant.';

let writer = '';
let author = '';
let adminEmail = '';
let threadId = '';

beforeAll(async () => {
  adminEmail = (await e2e.admin()).email;
  [writer, author] = await Promise.all([e2e.physician({ specialty: 'general-practice' }), e2e.physician({ specialty: 'cardiology' })]);
  const created = await gql<{ createThread: { id: string } }>(e2e.stack, 'mutation ($i: ThreadInput!) { createThread(input: $i) { id } }', {
    i: { room: 'cardiology', title: `Palpitations chez un jeune adulte ${randomBytes(2).toString('hex')}`, body: 'ECG normal, palpitations à l’effort.' },
  }, await apiLogin(e2e.stack, author));
  threadId = created.createThread.id;
});

const logIn = (email: string, locale: Locale, viewport: { width: number; height: number } = DESKTOP): Promise<Page> => e2e.logIn(email, { locale, viewport });

describe('private messages in the browser', () => {
  let writerPage: Page;
  let authorPage: Page;
  let conversationPath = '';

  it('the writer opens a conversation from the post’s author, with the keyboard only', async () => {
    writerPage = await logIn(writer, 'fr-FR');
    await writerPage.goto(`/discussion/t/${threadId}`);
    const link = writerPage.getByTestId('message-author').first();
    await link.focus();
    await writerPage.keyboard.press('Enter');
    await writerPage.waitForURL((url) => url.pathname === '/messages');
    // The author's handle is already in the "To" field.
    expect(await writerPage.locator('#handles').inputValue()).not.toBe('');
    await writerPage.locator('#new-body').focus();
    await writerPage.keyboard.type(FIRST);
    await writerPage.keyboard.press('Tab');
    await writerPage.keyboard.press('Enter');
    await writerPage.waitForURL((url) => /^\/messages\/[0-9a-f-]{36}$/.test(url.pathname));
    conversationPath = new URL(writerPage.url()).pathname;
    expect(await text(writerPage, '[data-testid="message"]')).toContain(FIRST);
  });

  it('the author sees the unread count in the header on a phone, reads and answers', async () => {
    authorPage = await logIn(author, 'en-GB', PHONE);
    await authorPage.getByTestId('menu-toggle').click();
    expect(await text(authorPage, '[data-testid="unread-messages"]')).toContain('1');
    await openNavLink(authorPage, 'Physician area', 'Messages');
    await authorPage.waitForURL((url) => url.pathname === '/messages');
    expect(await text(authorPage, '[data-testid="conversation-unread"]')).toBe('1 unread');
    await authorPage.getByTestId('conversation').getByRole('link').click();
    await authorPage.waitForURL((url) => url.pathname === conversationPath);
    expect(await text(authorPage, '[data-testid="message"]')).toContain(FIRST);
    // Opening it read it: no badge left.
    expect(await authorPage.getByTestId('unread-messages').count()).toBe(0);
    await authorPage.getByLabel('Your message').fill(ANSWER);
    await authorPage.locator('#composer').getByRole('button', { name: 'Send' }).click();
    await authorPage.getByTestId('message-sent').waitFor();
    // Markdown is rendered, sanitised, as in posts.
    expect(await authorPage.locator('[data-testid="message"] strong').last().textContent()).toBe('nothing');
  });

  it('the writer reads the answer', async () => {
    await writerPage.reload();
    const bodies = await writerPage.getByTestId('message').allTextContents();
    expect(bodies.at(-1)).toContain('Yes, a 48-hour Holter');
  });

  it('the author reports a message; the moderator sees it and the two before it, nothing else', async () => {
    const token = await apiLogin(e2e.stack, writer);
    const conversationId = conversationPath.split('/').at(-1)!;
    for (const body of ['A third message', 'Buy my course, call me now']) {
      await gql(e2e.stack, 'mutation ($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { id } }', { c: conversationId, b: body }, token);
    }
    await authorPage.reload();
    const reported = authorPage.getByTestId('message').last();
    await reported.locator('summary').click();
    await reported.locator('textarea[name="reason"]').fill('Unsolicited advertising');
    await reported.locator('form').getByRole('button').click();
    await authorPage.getByTestId('report-done').waitFor();

    const moderator = await logIn(adminEmail, 'fr-FR');
    await moderator.goto('/moderation/messages');
    expect(await text(moderator, '[data-testid="reported-message"]')).toBe('Buy my course, call me now');
    expect(await moderator.getByTestId('report-context').allTextContents()).toEqual([expect.stringContaining('48-hour Holter'), expect.stringContaining('A third message')]);
    expect(await moderator.locator('main').textContent()).not.toContain(FIRST);
  });

  it('the author blocks the writer, whose next message is refused without naming anyone', async () => {
    await authorPage.getByRole('button', { name: /^Block / }).click();
    await authorPage.getByTestId('block-done').waitFor();
    expect(await authorPage.getByRole('button', { name: /^Unblock / }).count()).toBe(1);

    await writerPage.getByLabel('Votre message').fill('Encore une question ?');
    await writerPage.locator('#composer').getByRole('button', { name: 'Envoyer' }).click();
    const problem = writerPage.getByTestId('conversation-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('n’accepte pas vos messages');
    await writerPage.reload();
    expect(await writerPage.getByTestId('message').count()).toBe(4);
  });
});
