/**
 * The Discourse items in Chromium, as two physicians would use them: the feed card's excerpt,
 * editing one's own post and reading its history, quote-reply, a draft that survives a reload
 * (and goes once published), a mention that notifies, a bookmark, and "new since your last visit".
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql } from './api.ts';
import { DESKTOP, useBrowserStack, type Locale } from './browser-stack.ts';
import { text } from './harness.ts';

const e2e = useBrowserStack();

const PHONE = { width: 360, height: 740 };
const TITLE = `Fibrillation atriale et chute ${randomBytes(2).toString('hex')}`;
const OPENING = 'Femme de 82 ans sous anticoagulant, chute mécanique sans traumatisme crânien. Faut-il arrêter ?';
const ANSWER = 'Keep the anticoagulant: the stroke risk outweighs the bleeding risk after a simple fall.';

let author = '';
let colleague = '';
let colleagueHandle = '';
let threadId = '';
let longThreadId = '';

beforeAll(async () => {
  const ready = e2e.stack;
  [author, colleague] = await Promise.all([e2e.physician({ specialty: 'cardiology' }), e2e.physician({ specialty: 'geriatrics' })]);
  const [authorToken, colleagueToken] = await Promise.all([apiLogin(ready, author), apiLogin(ready, colleague)]);
  const created = await gql<{ createThread: { id: string } }>(ready, 'mutation ($i: ThreadInput!) { createThread(input: $i) { id } }', {
    i: { room: 'cardiology', title: TITLE, body: OPENING },
  }, authorToken);
  threadId = created.createThread.id;
  await gql(ready, 'mutation ($i: ReplyInput!) { reply(input: $i) { id } }', { i: { threadId, body: ANSWER } }, colleagueToken);
  longThreadId = (await gql<{ createThread: { id: string } }>(ready, 'mutation ($i: ThreadInput!) { createThread(input: $i) { id } }', {
    i: { room: 'general', title: `Un long fil ${randomBytes(2).toString('hex')}`, body: 'Vos habitudes de suivi ?' },
  }, authorToken)).createThread.id;
  for (let i = 1; i <= 24; i++) {
    await gql(ready, 'mutation ($i: ReplyInput!) { reply(input: $i) { id } }', { i: { threadId: longThreadId, body: `Long reply number ${i}` } }, colleagueToken);
  }
  colleagueHandle = (await gql<{ me: { pseudonym: { handle: string } } }>(ready, '{ me { pseudonym { handle } } }', {}, colleagueToken)).me.pseudonym.handle;
});

const logIn = (email: string, locale: Locale, viewport: { width: number; height: number } = DESKTOP): Promise<Page> =>
  e2e.logIn(email, { locale, viewport, timeout: 5_000 });

describe('Discourse items in the browser', () => {
  let authorPage: Page;
  let colleaguePage: Page;

  it('the colleague reads the thread once (this browser remembers the visit)', async () => {
    colleaguePage = await logIn(colleague, 'en-GB', PHONE);
    await colleaguePage.goto(`/discussion/t/${threadId}`);
    await colleaguePage.getByTestId('reply').first().waitFor();
    // A first visit marks nothing new.
    expect(await colleaguePage.getByTestId('new-marker').count()).toBe(0);
  });

  it('the feed card shows the title above an excerpt of the opening post', async () => {
    authorPage = await logIn(author, 'fr-FR');
    const page = authorPage;
    await page.goto('/discussion');
    const card = page.getByTestId('thread-card').filter({ hasText: TITLE });
    expect(await card.getByTestId('thread-excerpt').textContent()).toContain('Femme de 82 ans sous anticoagulant');
    const [title, handle] = await Promise.all([
      card.locator('.thread-card-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize)),
      card.getByTestId('pseudonym-handle').evaluate((el) => parseFloat(getComputedStyle(el).fontSize)),
    ]);
    expect(title).toBeGreaterThan(handle);
  });

  it('the author edits the opening post, and the history shows both versions', async () => {
    const page = authorPage;
    await page.goto(`/discussion/t/${threadId}`);
    const thread = page.getByTestId('thread');
    await thread.getByTestId('edit-open').click();
    const field = thread.getByLabel('Votre message');
    expect(await field.inputValue()).toBe(OPENING);
    await field.fill(`${OPENING}\n\nPrécision : INR à 2,4.`);
    await thread.getByRole('button', { name: 'Enregistrer la modification' }).click();
    await page.getByTestId('edit-done').waitFor();
    expect(await thread.getByTestId('post-body').textContent()).toContain('INR à 2,4');
    await thread.getByTestId('edited-link').click();
    await page.waitForURL((url) => url.pathname === `/discussion/t/${threadId}/history/${threadId}`);
    const revisions = page.getByTestId('revision');
    expect(await revisions.count()).toBe(2);
    expect(await revisions.first().textContent()).toContain('INR à 2,4');
    expect(await revisions.last().textContent()).toContain('Version originale');
    expect(await revisions.last().textContent()).not.toContain('INR');
  });

  it('quote-reply, with a draft that survives a reload and is gone once published', async () => {
    const page = authorPage;
    await page.goto(`/discussion/t/${threadId}`);
    const answer = page.getByTestId('reply').filter({ hasText: ANSWER });
    await answer.getByTestId('quote').click();
    const field = page.getByLabel('Votre réponse', { exact: true });
    const quoted = await field.inputValue();
    expect(quoted).toContain(`> ${ANSWER}`);
    expect(quoted).toContain(`[@${colleagueHandle}](/discussion/t/${threadId}#post-`);
    // Focus is in the field, after the quote: the author types on.
    await page.keyboard.type(`D'accord, @${colleagueHandle} : je poursuis l'anticoagulant.`);

    await page.reload();
    await page.getByTestId('draft-restored').waitFor();
    const restored = await page.getByLabel('Votre réponse', { exact: true }).inputValue();
    expect(restored).toContain(`> ${ANSWER}`);
    expect(restored).toContain('je poursuis l');

    await page.getByRole('button', { name: 'Publier la réponse' }).last().click();
    await page.getByTestId('reply-posted').waitFor();
    const mine = page.getByTestId('reply').filter({ hasText: 'je poursuis' });
    const blockquote = mine.locator('blockquote');
    expect(await blockquote.textContent()).toContain('Keep the anticoagulant');
    expect(await blockquote.locator('a').getAttribute('href')).toMatch(new RegExp(`^/discussion/t/${threadId}#post-`));

    await page.reload();
    expect(await page.getByLabel('Votre réponse', { exact: true }).inputValue()).toBe('');
    expect(await page.getByTestId('draft-restored').count()).toBe(0);
  });

  it('the author bookmarks the thread and finds it under Favoris', async () => {
    const page = authorPage;
    await page.getByTestId('bookmark').click();
    await page.getByTestId('bookmark-done').waitFor();
    expect((await page.getByTestId('bookmark').textContent())?.trim()).toBe('Retirer des favoris');
    await page.goto('/discussion');
    await page.getByTestId('bookmarks-link').click();
    await page.waitForURL((url) => url.pathname === '/discussion/bookmarks');
    expect(await page.getByTestId('bookmarks').getByTestId('thread-card').allTextContents()).toEqual([expect.stringContaining(TITLE)]);
  });

  it('"More replies" loads the next page below, keeping the place and moving the focus to the first new reply', async () => {
    const page = authorPage;
    await page.goto(`/discussion/t/${longThreadId}`);
    const replies = page.getByTestId('reply');
    expect(await replies.count()).toBe(20);
    const more = page.getByRole('link', { name: 'Réponses suivantes' });
    await more.scrollIntoViewIfNeeded();
    const before = await page.evaluate(() => window.scrollY);
    expect(before).toBeGreaterThan(0);
    await more.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => replies.count()).toBe(24);
    expect(new URL(page.url()).search).toBe('');
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - before)).toBeLessThan(200);
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Long reply number 21');
    expect(await replies.first().textContent()).toContain('Long reply number 1');
    expect(await page.getByRole('link', { name: 'Réponses suivantes' }).count()).toBe(0);
  });

  it('the colleague is told of the mention, and sees the new reply marked on a phone', async () => {
    const page = colleaguePage;
    await page.goto('/notifications');
    expect(await page.getByTestId('notification').first().textContent()).toContain(`mentioned you in “${TITLE}”`);
    await page.goto('/discussion');
    // The marker comes once the page has read this browser's last visit (after hydration).
    const card = page.getByTestId('thread-card').filter({ hasText: TITLE });
    await card.getByTestId('new-marker').waitFor();
    expect(await card.getByTestId('new-marker').count()).toBe(1);
    await page.goto(`/discussion/t/${threadId}`);
    const fresh = page.getByTestId('reply').filter({ has: page.getByTestId('new-marker') });
    // Marked after hydration too: on a busy machine, a moment after the page loads.
    await expect.poll(() => fresh.count(), { timeout: 10_000 }).toBe(1);
    expect(await fresh.textContent()).toContain('je poursuis');
    expect(await text(page, '[data-testid="new-count"]')).toBe('1 new reply since your last visit');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // The colleague may not edit the author's posts: no edit button on them.
    expect(await page.getByTestId('thread').getByTestId('edit-open').count()).toBe(0);
  });
});
