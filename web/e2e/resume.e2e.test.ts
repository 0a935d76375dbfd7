/**
 * Coming back to an opened survey (issue #13, point 1): from another tab once the first is
 * closed, after the browser restarts, and from a fresh browser with the resume code.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, openSurvey, PASSWORD, registerClient, verifiedPhysician } from './api.ts';
import { createAdmin, launchBrowser, logInOn, startStack, text, type Stack } from './harness.ts';

let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

const TITLE = `Night shifts ${randomBytes(2).toString('hex')}`;
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
let doctors: [string, string];
let surveyId = '';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const ready = stack;
  const adminEmail = `admin.${randomBytes(4).toString('hex')}@example.org`;
  await createAdmin(ready, adminEmail, PASSWORD);
  const adminToken = await apiLogin(ready, adminEmail);
  const clientToken = await registerClient(ready, `study.${randomBytes(4).toString('hex')}@example.org`, 'Santé publique France');
  doctors = [
    await verifiedPhysician(ready, adminToken, { specialty: 'cardiology' }),
    await verifiedPhysician(ready, adminToken, { specialty: 'cardiology' }),
  ];
  surveyId = await openSurvey(ready, clientToken, adminToken, {
    title: TITLE,
    description: 'Two questions.',
    questions: [
      { kind: 'SINGLE_CHOICE', prompt: 'Do you work nights?', choices: ['Yes', 'No'] },
      { kind: 'NUMBER', prompt: 'How many nights a month?', min: 0, max: 31 },
    ],
    targeting: { specialties: ['cardiology'], countries: ['FR'] },
    sampleSize: 50,
    honorariumCents: 1500,
  });
});

afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await browser?.close();
  await stack?.stop();
});

async function newContext(viewport = DESKTOP, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<BrowserContext> {
  if (!browser || !stack) throw new Error('stack not started');
  const context = await browser.newContext({ baseURL: stack.webUrl, locale: 'fr-FR', viewport, storageState });
  contexts.push(context);
  return context;
}

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  return page;
}

/** Every call this page makes to the token endpoint: none may be made when resuming. */
function tokenRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (/^\/surveys\/[^/]+\/token$/.test(new URL(request.url()).pathname)) seen.push(request.url());
  });
  return seen;
}

/** From the inbox, opens the survey (new, or opened already), and waits for its page. */
async function openFromInbox(page: Page, link: 'Répondre à l’enquête' | 'Reprendre l’enquête'): Promise<void> {
  await page.goto('/surveys');
  const list = page.getByTestId(link === 'Répondre à l’enquête' ? 'inbox' : 'opened-surveys');
  await list.locator('li', { hasText: TITLE }).getByRole('link', { name: link }).click();
  await page.waitForURL((url) => url.pathname === `/surveys/${surveyId}`);
}

describe('an opened survey is not lost', () => {
  it('is answered from another tab once the first is closed, and after the browser restarts', async () => {
    const context = await newContext();
    const first = await newPage(context);
    await logInOn(first, doctors[0], PASSWORD, 'fr-FR');
    const tokenTaken = first.waitForResponse((r) => r.url().endsWith('/token') && r.status() === 200);
    await openFromInbox(first, 'Répondre à l’enquête');
    await tokenTaken;
    const code = await text(first, '[data-testid="resume-code-value"]');
    expect(code).toMatch(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/);
    await first.getByLabel('No', { exact: true }).check();
    await first.close();

    // Another tab: the inbox shows the survey as opened, and the page has the ticket and the draft.
    const second = await newPage(context);
    const secondTokens = tokenRequests(second);
    await second.goto('/surveys');
    const opened = second.getByTestId('opened-surveys').locator('li', { hasText: TITLE });
    expect(await opened.textContent()).toContain('Ouverte');
    expect(await second.getByTestId('inbox').locator('li', { hasText: TITLE }).count()).toBe(0);
    await openFromInbox(second, 'Reprendre l’enquête');
    await second.getByTestId('survey-form').waitFor();
    expect(await second.getByLabel('No', { exact: true }).isChecked()).toBe(true);
    expect(await text(second, '[data-testid="resume-code-value"]')).toBe(code);
    const state = await context.storageState();
    await context.close();

    // The browser restarts: what it kept on disk (cookies, local storage) is all there is.
    const restarted = await newContext(DESKTOP, state);
    const third = await newPage(restarted);
    const thirdTokens = tokenRequests(third);
    await third.goto(`/surveys/${surveyId}`);
    await third.getByTestId('survey-form').waitFor();
    expect(await third.getByLabel('No', { exact: true }).isChecked()).toBe(true);
    await third.getByLabel('How many nights a month?').fill('4');
    await third.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await third.getByRole('heading', { name: 'Merci pour vos réponses' }).waitFor();
    expect([...secondTokens, ...thirdTokens]).toEqual([]);

    // Accepted: the ticket, its code and the answers are gone from the browser; "answered" stays.
    const kept = await third.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('consilium:survey:')));
    expect(kept.map(([, v]) => v)).toEqual([JSON.stringify({ answered: true })]);
    await third.goto('/surveys');
    expect(await text(third, '[data-testid="opened-answered"]')).toBe('Répondue depuis ce navigateur : vos honoraires seront crédités.');
  });

  it('is resumed in a fresh browser with the resume code, on a phone with the keyboard, and pays its honorarium', async () => {
    const laptop = await newContext();
    const opener = await newPage(laptop);
    await logInOn(opener, doctors[1], PASSWORD, 'fr-FR');
    const tokenTaken = opener.waitForResponse((r) => r.url().endsWith('/token') && r.status() === 200);
    await openFromInbox(opener, 'Répondre à l’enquête');
    await tokenTaken;
    const code = await text(opener, '[data-testid="resume-code-value"]');
    await laptop.close();

    const phone = await newPage(await newContext(PHONE));
    const tokens = tokenRequests(phone);
    await logInOn(phone, doctors[1], PASSWORD, 'fr-FR');
    await phone.goto('/surveys');
    expect(await text(phone, '[data-testid="opened-surveys"]')).toContain(
      'Sur un autre appareil : connectez-vous, ouvrez l’enquête et saisissez le code de reprise affiché quand vous l’avez ouverte.',
    );
    await openFromInbox(phone, 'Reprendre l’enquête');
    await phone.getByRole('heading', { name: 'Reprendre cette enquête' }).waitFor();

    // A wrong code is refused where it was typed; the right one, typed loosely, opens the survey.
    const input = phone.getByLabel('Code de reprise');
    await input.fill('7KQ2-M9XD-0R4T-HV8B-E1CZ');
    await input.press('Enter');
    await phone.getByText('Ce code n’ouvre pas cette enquête.', { exact: false }).waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await phone.evaluate(() => document.activeElement?.id)).toBe('resume-code-input');
    await input.fill(code.replace(/-/g, ' ').toLowerCase());
    await input.press('Enter');
    await phone.getByTestId('survey-form').waitFor();
    expect(await text(phone, '[data-testid="resume-code-value"]')).toBe(code);
    // Nothing overflows the 360 px screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // One question per screen, with the keyboard.
    await phone.getByLabel('Yes', { exact: true }).check();
    await phone.getByRole('button', { name: 'Suivant' }).press('Enter');
    await phone.getByLabel('How many nights a month?').fill('6');
    await phone.getByRole('button', { name: 'Envoyer mes réponses' }).press('Enter');
    await phone.getByRole('heading', { name: 'Merci pour vos réponses' }).waitFor();
    expect(tokens).toEqual([]);

    await phone.getByRole('button', { name: 'Créditer mes honoraires maintenant' }).click();
    await phone.getByTestId('redeem-status').getByText('crédités').waitFor();
    expect(await text(phone, '[data-testid="redeem-status"]')).toBe('15,00 € crédités. Votre solde : 15,00 €.');
    // Paid: the survey has left the opened ones.
    await phone.goto('/surveys');
    await phone.getByRole('heading', { name: 'Enquêtes pour vous' }).waitFor();
    expect(await phone.getByTestId('opened-surveys').count()).toBe(0);
  });
});
