/**
 * Issue #13, points 2 and 7: a double click or a resent form posts once; a form with several bad
 * fields shows every problem after one submit.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql, registerClient } from './api.ts';
import { useBrowserStack, type Locale } from './browser-stack.ts';
import { text } from './harness.ts';

const e2e = useBrowserStack();

const CLIENT_EMAIL = `etudes.${randomBytes(4).toString('hex')}@example.org`;
let physician: string;
let physicianToken: string;
let threadId: string;

beforeAll(async () => {
  const ready = e2e.stack;
  [physician] = await Promise.all([e2e.physician({ specialty: 'cardiology' }), registerClient(ready, CLIENT_EMAIL, 'Agence régionale de santé')]);
  physicianToken = await apiLogin(ready, physician);
  const { createThread } = await gql<{ createThread: { id: string } }>(
    ready,
    'mutation ($i: ThreadInput!) { createThread(input: $i) { id } }',
    { i: { room: 'cardiology', title: 'Anticoaguler une FA paroxystique ?', body: 'CHA2DS2-VASc à 1 chez une femme de 64 ans.' } },
    physicianToken,
  );
  threadId = createThread.id;
});

const logIn = (email: string, locale: Locale, javaScriptEnabled = true): Promise<Page> => e2e.logIn(email, { locale, context: { javaScriptEnabled } });

/** The thread's replies with this body, as the API counts them. */
async function repliesWith(body: string): Promise<number> {
  const { thread } = await gql<{ thread: { replies: { edges: Array<{ node: { body: string } }> } } }>(
    e2e.stack,
    'query ($id: ID!) { thread(id: $id) { replies(first: 50) { edges { node { body } } } } }',
    { id: threadId },
    physicianToken,
  );
  return thread.replies.edges.filter((e) => e.node.body === body).length;
}

describe('a form is sent once', () => {
  it('a double click on "Publier la réponse" posts one reply', async () => {
    const body = `Double clic ${randomBytes(3).toString('hex')} : je commencerais par un Holter.`;
    const page = await logIn(physician, 'fr-FR');
    await page.goto(`/discussion/t/${threadId}`);
    await page.getByLabel('Votre réponse', { exact: true }).fill(body);
    await page.getByRole('button', { name: 'Publier la réponse' }).last().dblclick();
    await page.getByTestId('reply').filter({ hasText: body }).waitFor();
    // The form is usable again for the next reply, with an empty field.
    await expect.poll(() => page.getByRole('button', { name: 'Publier la réponse' }).last().isEnabled()).toBe(true);
    expect(await page.getByLabel('Votre réponse', { exact: true }).inputValue()).toBe('');
    await page.reload();
    expect(await page.getByTestId('reply').filter({ hasText: body }).count()).toBe(1);
    expect(await repliesWith(body)).toBe(1);
  });

  it('without JavaScript, the same form sent again (a retry, a second click) lands on the first reply and posts nothing more', async () => {
    const body = `Renvoyé ${randomBytes(3).toString('hex')} : un ETT d’abord.`;
    const page = await logIn(physician, 'fr-FR', false);
    await page.goto(`/discussion/t/${threadId}`);
    const form = page.getByTestId('reply-form').last();
    const key = await form.locator('input[name="idempotencyKey"]').inputValue();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    await form.getByLabel('Votre réponse', { exact: true }).fill(body);
    await form.getByRole('button', { name: 'Publier la réponse' }).click();
    await page.waitForURL((url) => url.hash.startsWith('#post-'));
    const first = new URL(page.url());

    // The browser's own resubmission of that form: same fields, same key.
    const again = await page.request.post(`/discussion/t/${threadId}?/reply`, {
      form: { idempotencyKey: key, body },
      headers: { origin: e2e.stack.webUrl, accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(new URL(again.headers().location!, e2e.stack.webUrl).hash).toBe(first.hash);
    expect(await repliesWith(body)).toBe(1);
    // The page rendered again carries a new key: the next reply is a new request.
    await page.goto(`/discussion/t/${threadId}`);
    expect(await page.getByTestId('reply-form').last().locator('input[name="idempotencyKey"]').inputValue()).not.toBe(key);
  });
});

describe('every error at once', () => {
  it('a survey with three bad fields shows the three in the summary and beside each field after one submit', async () => {
    const page = await logIn(CLIENT_EMAIL, 'en-GB');
    await page.goto('/my-surveys/new');
    await page.getByLabel('Title').fill('ab');
    await page.getByLabel('Introduction').fill('Two minutes on anticoagulation.');
    const editor = page.getByTestId('question-editor').first();
    await editor.getByLabel('Question', { exact: true }).fill('Do you prescribe a DOAC first?');
    await editor.getByLabel('Choice 1').fill('Yes');
    await editor.getByLabel('Choice 2').fill('No');
    await page.getByLabel('Sample size', { exact: true }).fill('0');
    await page.getByLabel('Honorarium per answer').fill('15');
    await page.getByLabel('Closing date (optional)').fill('2020-01-31');
    await page.getByRole('button', { name: 'Save as draft' }).click();

    const summary = page.getByTestId('form-errors');
    await summary.waitFor();
    expect(await text(page, '[data-testid="form-errors"] .alert-title')).toBe('The form has 3 errors.');
    expect(await summary.getByRole('link').count()).toBe(3);
    for (const label of ['Title', 'Sample size', 'Closing date (optional)']) {
      expect(await page.getByLabel(label, { exact: true }).getAttribute('aria-invalid'), label).toBe('true');
    }
    // Each link of the summary leads to its field.
    await summary.getByRole('link').nth(1).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      (await summary.getByRole('link').nth(1).getAttribute('href'))!.slice(1),
    );
  });
});
