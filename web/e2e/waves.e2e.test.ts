/**
 * Waves (docs/waves.md) in Chromium, on the demo data: the client opens the sentinel survey's
 * trend — a line chart per figure with its interval band, the values in tables, the CSV — on a
 * desktop and on a phone, with no axe violation; and makes a draft repeat.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql } from './api.ts';
import { launchBrowser, logInOn, startStack, type Stack } from './harness.ts';
import { DEMO, logInAs, seedDemo } from './site-pages.ts';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let stack: Stack | undefined;
let browser: Browser | undefined;
let seriesId = '';
let waveOneId = '';

beforeAll(async () => {
  // The worker builds the twelve waves' paid reports as it starts.
  [stack, browser] = await Promise.all([startStack({ worker: true }), launchBrowser()]);
  await seedDemo(stack);
  const token = await apiLogin(stack, DEMO.client, 'demo-consilium-2026');
  const { mySurveys } = await gql<{ mySurveys: Array<{ id: string; waveNumber: number | null; series: { id: string } | null }> }>(stack, '{ mySurveys { id waveNumber series { id } } }', {}, token);
  const waveOne = mySurveys.find((s) => s.waveNumber === 1 && s.series)!;
  seriesId = waveOne.series!.id;
  waveOneId = waveOne.id;
  // Wait for the worker: every closed wave's report READY.
  for (let i = 0; i < 120; i++) {
    const { surveySeries } = await gql<{ surveySeries: { trend: { waves: Array<{ reported: boolean }> } } }>(stack, 'query ($id: ID!) { surveySeries(id: $id) { trend { waves { reported } } } }', { id: seriesId }, token);
    if (surveySeries.trend.waves.filter((w) => w.reported).length === 12) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function axe(page: Page): Promise<unknown[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async () => (await (window as unknown as { axe: { run: (d: Document) => Promise<{ violations: unknown[] }> } }).axe.run(document)).violations);
}

describe('the trend of a repeating survey', () => {
  it.each([
    { width: 1280, height: 900 },
    { width: 360, height: 740 },
  ])('is drawn wave by wave with its interval, and offered as CSV (%o)', async (viewport) => {
    const context = await browser!.newContext({ baseURL: stack!.webUrl, locale: 'fr-FR', viewport, acceptDownloads: true });
    try {
      const page = await context.newPage();
      await logInAs(page, 'client');
      await page.goto(`/my-surveys/series/${seriesId}`);
      expect(await page.locator('h1').textContent()).toBe('Tendance entre les vagues');
      // One chart per figure: the NUMBER question's mean, the choice question's two shares.
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="trend-chart"]').length === 3);
      const firstTable = page.getByTestId('trend-table').first();
      await page.locator('details summary').first().click();
      const rows = await firstTable.locator('tbody tr').allTextContents();
      expect(rows).toHaveLength(13);
      expect(rows[12]).toContain('pas encore construit ou commandé');
      expect(await page.getByTestId('trend-waves').locator('tbody tr').count()).toBe(13);
      const download = page.waitForEvent('download');
      await page.getByTestId('trend-csv').click();
      const csv = await (await download).path();
      const lines = (await readFile(csv!, 'utf8')).trim().split('\n');
      expect(lines[0]).toBe('question,prompt,figure,choice,wave,opens_on,n,value,ci_low,ci_high');
      expect(lines.filter((l) => l.includes(',mean,')).length).toBe(13);
      expect(await axe(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it.each([
    { locale: 'fr-FR' as const, interval: /^\(IC à 95 % de \d+(,\d+)? à \d+(,\d+)?\)$/ },
    { locale: 'en-GB' as const, interval: /^\(95% CI \d+(\.\d+)? to \d+(\.\d+)?\)$/ },
  ])('shows a wave’s mean with its 95% interval on its report ($locale)', async ({ locale, interval }) => {
    const context = await browser!.newContext({ baseURL: stack!.webUrl, locale });
    try {
      const page = await context.newPage();
      await logInOn(page, DEMO.client, 'demo-consilium-2026', locale);
      await page.goto(`/my-surveys/${waveOneId}/report`);
      const number = page.locator('[data-testid="report-question"][data-kind="NUMBER"]');
      const shown = (await number.getByTestId('mean-interval').textContent())!.trim().replace(/\s/g, ' ');
      expect(shown).toMatch(interval);
      const [low, high] = shown.match(/\d+([.,]\d+)?/g)!.slice(-2).map((v) => Number(v.replace(',', '.')));
      const figure = (await number.getByTestId('mean-interval').locator('xpath=..').textContent())!;
      const mean = Number(figure.split('(')[0]!.replace(/\s/g, '').replace(',', '.'));
      expect(mean, figure).toBeGreaterThan(0);
      expect(low).toBeLessThan(mean);
      expect(high).toBeGreaterThan(mean);
    } finally {
      await context.close();
    }
  }, 120_000);
});
