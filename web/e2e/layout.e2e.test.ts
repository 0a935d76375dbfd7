/**
 * The page frame on the demo data: tables whose actions are on screen at 1280 px and become
 * cards on a phone, a header that names no account, and a phone layout that puts the content first.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startStack, type Stack } from './harness.ts';
import { DEMO, logInAs, seedDemo, settle, type Visitor } from './site-pages.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
const SMALL_PHONE = { width: 360, height: 640 };

/** The pages with tables, and who sees them. */
const TABLE_PAGES: Array<[Visitor, string]> = [
  ['admin', '/orders'],
  ['admin', '/report-jobs'],
  ['admin', '/audit'],
  ['client', '/orders'],
  ['physician', '/transparency'],
  ['physician', '/honoraria'],
];

let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  await seedDemo(stack);
}, 240_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function pageAs(visitor: Visitor, viewport: { width: number; height: number }, javaScriptEnabled = true): Promise<Page> {
  if (!browser || !stack) throw new Error('stack not started');
  const context = await browser.newContext({ baseURL: stack.webUrl, locale: 'fr-FR', viewport, javaScriptEnabled });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await logInAs(page, visitor);
  return page;
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('tables', () => {
  it('at 1280 px, every table shows all its columns and actions without scrolling sideways', async () => {
    for (const visitor of ['admin', 'client', 'physician'] as const) {
      const page = await pageAs(visitor, DESKTOP);
      for (const [, path] of TABLE_PAGES.filter(([v]) => v === visitor)) {
        await page.goto(path);
        await settle(page);
        const tables = page.locator('.table-scroll');
        expect(await tables.count(), `${path} has a table`).toBeGreaterThan(0);
        for (const region of await tables.all()) {
          const overflow = await region.evaluate((el) => el.scrollWidth - el.clientWidth);
          expect(overflow, `${path}: the table scrolls sideways`).toBeLessThanOrEqual(0);
          for (const control of await region.locator('a, button').all()) {
            const box = await control.boundingBox();
            expect(box, `${path}: ${await control.textContent()} is shown`).not.toBeNull();
            expect(box!.x + box!.width, `${path}: "${(await control.textContent())?.trim()}" is inside the window`).toBeLessThanOrEqual(DESKTOP.width);
          }
        }
        expect(await pageWidth(page), path).toBeLessThanOrEqual(DESKTOP.width);
      }
    }
    // The admin's orders: "Marquer payée" on screen beside its state and report.
    const admin = await pageAs('admin', DESKTOP);
    await admin.goto('/orders');
    const markPaid = admin.getByRole('button', { name: /^Marquer payée/ }).first();
    expect(await markPaid.isVisible()).toBe(true);
    expect((await markPaid.boundingBox())!.x).toBeLessThan(DESKTOP.width);
    // Dates say how long ago, the exact date and time on hover.
    const ordered = admin.locator('[data-testid="orders"] time').first();
    expect(await ordered.innerText()).toMatch(/^(il y a|la semaine dernière|avant-hier|hier)/);
    expect(await ordered.getAttribute('title')).toMatch(/^\d{1,2} \p{L}+ 20\d\d à \d\d:\d\d UTC[+-]\d$/u);
  }, 120_000);

  it('under 640 px, every table is a stack of cards, one per row, with each value under its column’s name', async () => {
    for (const visitor of ['admin', 'client', 'physician'] as const) {
      const page = await pageAs(visitor, PHONE);
      for (const [, path] of TABLE_PAGES.filter(([v]) => v === visitor)) {
        await page.goto(path);
        await settle(page);
        for (const table of await page.locator('table.data-table').all()) {
          const layout = await table.evaluate((el) => ({
            row: getComputedStyle(el.querySelector('tbody tr')!).display,
            head: getComputedStyle(el.querySelector('thead')!).position,
            label: getComputedStyle(el.querySelector('tbody td[data-label]') ?? el, '::before').content,
          }));
          expect(layout, path).toMatchObject({ row: 'block', head: 'absolute' });
          expect(layout.label, `${path}: a value is labelled`).not.toBe('none');
        }
        expect(await pageWidth(page), `${path} fits the phone`).toBeLessThanOrEqual(PHONE.width);
      }
    }
  }, 120_000);
});

describe('the header', () => {
  it('names no account on discussion and survey pages; the discussion shows the pseudonym; the account page keeps the e-mail', async () => {
    const page = await pageAs('physician', DESKTOP);
    const header = () => page.locator('header.site-header').innerText();
    for (const path of ['/discussion', '/discussion/new', '/notifications', '/messages', '/surveys', '/honoraria', '/credential']) {
      await page.goto(path);
      expect(await header(), path).not.toContain(DEMO.physician);
      expect(await header(), path).not.toContain('@');
    }
    await page.goto('/discussion');
    expect(await page.getByTestId('header-pseudonym').innerText()).toMatch(/^Pseudonyme :/);
    const handle = (await page.getByTestId('header-handle').innerText()).trim();
    expect(handle).toMatch(/^\p{L}+-\p{L}+-\d+$/u);
    // The physician's own pseudonym: the one their account page shows them.
    await page.goto('/');
    expect((await page.getByTestId('pseudonym-handle').innerText()).trim()).toBe(handle);
    await page.goto('/discussion');
    await page.getByTestId('thread-card').first().getByRole('link').first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/discussion/t/'));
    expect((await page.getByTestId('header-handle').innerText()).trim()).toBe(handle);
    // Surveys: nothing that identifies, not even the pseudonym (answers are unlinkable to it).
    await page.goto('/surveys');
    expect(await page.getByTestId('header-pseudonym').count()).toBe(0);
    await page.goto('/');
    expect((await page.getByTestId('account-email').innerText()).trim()).toBe(DEMO.physician);
  });

  it('keeps the admin’s navigation on one line at 1280 px', async () => {
    const page = await pageAs('admin', DESKTOP);
    await page.goto('/orders');
    const tops = await page.locator('.section-nav .nav-links a').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().top));
    // Verification, moderation, survey review, report jobs, orders, audit and staff: the owner holds every role.
    expect(tops.length).toBe(7);
    expect(new Set(tops).size).toBe(1);
  });

  it('on a 360 px phone: a short header whose menu opens and closes from the keyboard, and the first thread on the first screen', async () => {
    const page = await pageAs('physician', SMALL_PHONE);
    await page.goto('/discussion');
    await settle(page);
    const headerHeight = (await page.locator('header.site-header').boundingBox())!.height;
    expect(headerHeight).toBeLessThan(110);
    const nav = page.getByRole('navigation', { name: 'Espace médecin' });
    expect(await nav.isVisible()).toBe(false);
    const firstThread = (await page.getByTestId('thread-card').first().boundingBox())!;
    expect(firstThread.y).toBeLessThan(SMALL_PHONE.height);

    const toggle = page.getByRole('button', { name: /^Menu/ });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.getByRole('link', { name: 'Enquêtes' }).isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('menu-toggle');

    // The filters wait behind their button, which shows them.
    expect(await page.getByLabel('Salle').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Recherche et filtres' }).click();
    expect(await page.getByLabel('Salle').isVisible()).toBe(true);

    // Following a link of the menu closes it on the next page.
    await toggle.click();
    await nav.getByRole('link', { name: 'Enquêtes' }).click();
    await page.waitForURL((url) => url.pathname === '/surveys');
    expect(await page.getByRole('button', { name: /^Menu/ }).getAttribute('aria-expanded')).toBe('false');
    expect(await pageWidth(page)).toBeLessThanOrEqual(SMALL_PHONE.width);
  });

  it('without JavaScript, the phone’s menu is simply shown', async () => {
    const page = await pageAs('physician', SMALL_PHONE, false);
    await page.goto('/discussion');
    expect(await page.getByRole('navigation', { name: 'Espace médecin' }).getByRole('link', { name: 'Enquêtes' }).isVisible()).toBe(true);
    expect(await page.getByTestId('menu-toggle').isVisible()).toBe(false);
  });
});

describe('the admin’s landing page', () => {
  it('shows what waits, each count a link to where it is dealt with', async () => {
    const page = await pageAs('admin', DESKTOP);
    await page.goto('/');
    const overview = page.getByTestId('admin-overview');
    // The demo data: two pending licences, one survey to review, one unpaid order.
    expect((await overview.getByTestId('overview-pendingCredentials').innerText()).replace(/\s+/g, ' ')).toBe('2 licences à vérifier');
    expect((await overview.getByTestId('overview-surveysToReview').innerText()).replace(/\s+/g, ' ')).toBe('1 enquête à valider');
    expect((await overview.getByTestId('overview-unpaidOrders').innerText()).replace(/\s+/g, ' ')).toBe('1 commande en attente de paiement');
    await overview.getByRole('link', { name: /licences à vérifier/ }).click();
    await page.waitForURL((url) => url.pathname === '/verification');
    expect(await page.getByTestId('review-card').count()).toBe(2);
  });
});

describe('moderators', () => {
  it('read the thread around a reported post from the queue, the reported post marked, with nothing to vote or reply with', async () => {
    const page = await pageAs('admin', DESKTOP);
    await page.goto('/moderation');
    const item = page.getByTestId('moderation-item').first();
    const reportedBody = (await item.getByTestId('post-body').innerText()).trim();
    await item.getByRole('link', { name: 'Lire la discussion autour de ce message' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/moderation/t/'));
    const reported = page.locator('.post-reported');
    expect(await reported.count()).toBe(1);
    expect((await reported.getByTestId('post-body').innerText()).trim()).toBe(reportedBody);
    // The thread around it: its opening post and the other replies.
    expect(await page.getByTestId('thread').count()).toBe(1);
    expect(await page.getByTestId('reply').count()).toBeGreaterThan(1);
    expect(await page.locator('main form, main button').count()).toBe(0);
  });
});
