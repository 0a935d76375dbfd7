/**
 * Ask a specialist in Chromium: a GP asks cardiology an urgent question from the form; a
 * cardiologist who opted in (from the notifications page, with quiet hours that an urgent question
 * ignores) sees the in-app notification, opens the question and answers it, with the "answer from
 * a verified cardiologist" mark; the GP marks the answer helpful and closes the question as solved.
 * The cardiologist, who asked for immediate mails, also gets one in the mail catcher (the worker's
 * `notifications:mail` sweep): it says an urgent question awaits the specialty, with a link and a
 * one-click unsubscribe, and names no title, body, pseudonym or specialty of the question.
 * A question addressed to a region (REPORT_K=2 here): the form offers the regions that two
 * verified cardiologists name, warns where fewer than two take questions, and the question shows
 * "FR, Occitanie"; only Occitanie's opted-in cardiologists are notified. With JavaScript the
 * regions come from ./regions on each change; without it, from a "show the regions" button. Screenshots of the form
 * at 1280 and 375 px, in French and English, go to /tmp/shots-ask (outside the repository).
 */
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql } from './api.ts';
import { DESKTOP, PHONE, useBrowserStack, type Locale } from './browser-stack.ts';

// The worker sends the mails (its sweeps every 2 s here).
const e2e = useBrowserStack({ worker: true, env: { REPORT_K: '2' } });
const SHOTS = '/tmp/shots-ask';
mkdirSync(SHOTS, { recursive: true });

const TITLE = `Douleur thoracique et troponine limite ${randomBytes(2).toString('hex')}`;

let gp = '';
let cardiologist = '';

beforeAll(async () => {
  [gp, cardiologist] = await Promise.all([e2e.physician({ specialty: 'general-practice' }), e2e.physician({ specialty: 'cardiology' })]);
}, 300_000);

const logIn = (email: string, locale: Locale): Promise<Page> => e2e.logIn(email, { locale, timeout: 8_000 });

/** The first mail to `to` that speaks of an urgent question (earlier mails, e.g. of the licence's approval, are passed over). */
async function urgentMail(to: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const mail = await e2e.stack.mail.next(to, Math.max(1, deadline - Date.now()));
    if (/urgent/i.test(mail.text)) return mail;
  }
}

describe('ask a specialist in the browser', () => {
  it('a GP asks cardiology an urgent question; an opted-in cardiologist is notified and answers; the GP solves it', async () => {
    // The cardiologist opts in, with quiet hours covering the whole day but one hour.
    const cardio = await logIn(cardiologist, 'en-GB');
    await cardio.goto('/notifications');
    await cardio.getByTestId('opt-in').check();
    const hour = new Date().getUTCHours();
    await cardio.locator('#quiet-start').fill(String(hour));
    await cardio.locator('#quiet-end').fill(String((hour + 23) % 24));
    await cardio.locator('#time-zone').fill('UTC');
    await cardio.getByTestId('save-availability').click();
    await cardio.waitForURL(/\/notifications/);
    await expect.poll(() => cardio.getByTestId('opt-in').isChecked()).toBe(true);
    // … and asks for immediate mails (what cannot wait at once, the rest daily).
    await cardio.goto('/notifications/settings');
    await cardio.locator('input[name="frequency"][value="IMMEDIATE_DAILY"]').check();
    await cardio.getByTestId('mail-frequency').getByRole('button').click();
    await cardio.getByTestId('frequency-done').waitFor();

    // The GP asks, in French.
    const gpPage = await logIn(gp, 'fr-FR');
    await gpPage.goto('/discussion/ask');
    await gpPage.locator('#ask-specialty').selectOption('cardiology');
    await gpPage.getByLabel('Urgente').check();
    await gpPage.locator('#ask-title').fill(TITLE);
    await gpPage.locator('#ask-body').fill('Homme de 58 ans, ECG sans sus-décalage, troponine à 18 ng/L. J’adresse ?');
    await gpPage.getByRole('button', { name: 'Poser la question' }).click();
    await gpPage.waitForURL(/\/discussion\/t\//);
    const questionUrl = new URL(gpPage.url()).pathname;
    expect(await gpPage.getByTestId('question-urgent').textContent()).toContain('Urgent');
    expect(await gpPage.getByTestId('question-status').textContent()).toContain('Ouverte');

    // The cardiologist sees the notification despite the quiet hours (urgent), and answers.
    await cardio.goto('/notifications');
    const notice = cardio.locator('li', { hasText: TITLE });
    await expect.poll(() => notice.count()).toBeGreaterThan(0);

    // … and an e-mail in the catcher, in English (the cardiologist's language), that says only
    // that an urgent question awaits the specialty.
    const mail = await urgentMail(cardiologist);
    expect(mail.text).toContain('1 urgent question for your specialty');
    expect(mail.text).toMatch(/https?:\/\/\S+/);
    expect(mail.headers['list-unsubscribe']).toMatch(/^<https?:\/\/\S+>/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    for (const secret of [TITLE, 'troponine', 'Homme de 58 ans', 'cardiolog']) expect(`${mail.subject}\n${mail.text}`).not.toContain(secret);
    await cardio.goto(questionUrl);
    await cardio.locator('textarea[name="body"]').first().fill('Send him to the emergency department: a second troponin at 1–3 h is due.');
    await cardio.getByRole('button', { name: 'Post reply' }).first().click();
    await cardio.waitForURL(/#post-/);
    expect(await cardio.getByTestId('specialist-mark').first().textContent()).toMatch(/Answer from a verified/);

    // The GP marks the answer helpful and solves the question.
    await gpPage.goto(questionUrl);
    await gpPage.getByTestId('mark-helpful').first().click();
    await gpPage.getByTestId('helpful-mark').first().waitFor();
    await gpPage.locator('#solve-outcome').fill('Adressé : NSTEMI confirmé.');
    await gpPage.getByTestId('solve').click();
    await gpPage.getByTestId('question-outcome').waitFor();
    expect(await gpPage.getByTestId('question-status').textContent()).toContain('Résolue');
    expect(await gpPage.getByTestId('question-outcome').textContent()).toContain('NSTEMI');
  }, 90_000);

  it('a GP addresses a question to Occitanie: the form offers the regions and warns where too few would be notified; only Occitanie is notified', async () => {
    const cardio = (region: string) => e2e.physician({ specialty: 'cardiology', region });
    const [occ1, occ2, bzh1] = await Promise.all([cardio('Occitanie'), cardio('Occitanie'), cardio('Bretagne'), cardio('Bretagne')]);
    // Both of Occitanie's cardiologists take questions, one of Bretagne's two.
    for (const email of [occ1!, occ2!, bzh1!]) {
      await gql(e2e.stack, 'mutation { setSpecialistAvailability(input: { optedIn: true }) { optedIn } }', {}, await apiLogin(e2e.stack, email));
    }
    const title = `Syncope d’effort chez un sportif ${randomBytes(2).toString('hex')}`;
    const words = {
      'fr-FR': { whole: 'Tout le pays', bretagne: 'Bretagne (trop peu de spécialistes)', warning: 'Trop peu de spécialistes', submit: 'Poser la question' },
      'en-GB': { whole: 'The whole country', bretagne: 'Bretagne (too few specialists)', warning: 'Too few specialists', submit: 'Ask' },
    } as const;
    for (const [locale, viewport] of [['fr-FR', DESKTOP], ['en-GB', PHONE], ['fr-FR', PHONE], ['en-GB', DESKTOP]] as const) {
      const page = await e2e.logIn(gp, { locale, viewport, timeout: 8_000 });
      await page.goto('/discussion/ask');
      // Hydrated: the button that lists the regions without JavaScript is gone, a change does it.
      await page.getByTestId('show-regions').waitFor({ state: 'detached' });
      expect(await page.locator('#ask-region').isDisabled(), 'no country yet').toBe(true);
      await page.locator('#ask-specialty').selectOption('cardiology');
      await page.locator('#ask-country').fill('FR');
      await page.locator('#ask-country').press('Tab');
      const options = page.locator('#ask-region option');
      await expect.poll(() => options.allTextContents()).toEqual([words[locale].whole, words[locale].bretagne, 'Occitanie']);
      await page.locator('#ask-region').selectOption('Bretagne');
      expect(await page.getByTestId('region-too-few').textContent()).toContain(words[locale].warning);
      await page.screenshot({ path: `${SHOTS}/ask-region-too-few-${locale.slice(0, 2)}-${viewport.width}.png`, fullPage: true });
      await page.locator('#ask-region').selectOption('Occitanie');
      expect(await page.getByTestId('region-too-few').count()).toBe(0);
      await page.locator('#ask-title').fill(title);
      await page.locator('#ask-body').fill('Footballeur de 24 ans, syncope à l’effort, ECG de repos normal. Échographie ou épreuve d’effort d’abord ?');
      await page.screenshot({ path: `${SHOTS}/ask-region-${locale.slice(0, 2)}-${viewport.width}.png`, fullPage: true });
      if (locale !== 'fr-FR' || viewport !== DESKTOP) continue;

      await page.getByRole('button', { name: words[locale].submit }).click();
      await page.waitForURL(/\/discussion\/t\//);
      expect(await page.getByTestId('question-address').textContent()).toContain('FR, Occitanie');
      await page.screenshot({ path: `${SHOTS}/question-region-fr-1280.png`, fullPage: true });
    }

    // Without JavaScript, the button lists the regions (a plain form post) and keeps what was typed.
    const plain = await e2e.logIn(gp, { locale: 'en-GB', timeout: 8_000, context: { javaScriptEnabled: false } });
    await plain.goto('/discussion/ask');
    await plain.locator('#ask-specialty').selectOption('cardiology');
    await plain.locator('#ask-country').fill('FR');
    await plain.locator('#ask-title').fill('Kept across the round trip');
    await plain.getByTestId('show-regions').click();
    await plain.waitForURL(/\?\/regions/);
    expect(await plain.locator('#ask-region option').allTextContents()).toEqual([words['en-GB'].whole, words['en-GB'].bretagne, 'Occitanie']);
    expect(await plain.locator('#ask-title').inputValue()).toBe('Kept across the round trip');
    expect(await plain.locator('#ask-country').inputValue()).toBe('FR');

    // Occitanie's cardiologists are told (the row is written with the question); Bretagne's is not.
    const noticeOf = async (email: string) => {
      const page = await logIn(email, 'fr-FR');
      await page.goto('/notifications');
      return page.locator('li', { hasText: title }).count();
    };
    expect(await noticeOf(occ1!)).toBe(1);
    expect(await noticeOf(occ2!)).toBe(1);
    expect(await noticeOf(bzh1!)).toBe(0);
  }, 240_000);
});
