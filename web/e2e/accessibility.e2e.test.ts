/**
 * axe-core on every page, as each kind of visitor sees it on the demo data, at 1280 px and on a
 * 375 px phone: any violation fails. Each page is also saved as a screenshot in
 * /tmp/shots-layout/ (outside the repository), for a person to look at.
 */
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startStack, type Stack } from './harness.ts';
import { logInAs, pagesOf, seedDemo, settle, type Visitor } from './site-pages.ts';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SHOTS = '/tmp/shots-layout';
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 375, height: 740 },
] as const;

let stack: Stack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  // The worker builds the demo's paid report, so that the report page has one to show.
  [stack, browser] = await Promise.all([startStack({ worker: true }), launchBrowser(), mkdir(SHOTS, { recursive: true })]);
  await seedDemo(stack);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** axe's violations on the page as it is now, one line per rule and element. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return (found as Violation[]).flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(n.target)}`));
}

/** The pages the tests went through, for the count the issue promises (28 at least). */
const visited: string[] = [];
const VISITORS: Visitor[] = ['public', 'physician', 'pendingPhysician', 'newPhysician', 'client', 'admin'];

describe('accessibility of every page (axe-core)', () => {
  it.each(VISITORS)('%s: no violation at 1280 px nor at 375 px', async (visitor) => {
    if (!browser || !stack) throw new Error('stack not started');
    const context = await browser.newContext({ baseURL: stack.webUrl, locale: 'fr-FR', viewport: WIDTHS[0] });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await logInAs(page, visitor);
      const pages = await pagesOf(page, visitor);
      const problems: string[] = [];
      for (const viewport of WIDTHS) {
        await page.setViewportSize(viewport);
        for (const { name, path } of pages) {
          const response = await page.goto(path);
          expect(response?.status(), `${path} answers`).toBeLessThan(400);
          await settle(page);
          await page.screenshot({ path: `${SHOTS}/${name}-${viewport.width}.png`, fullPage: true });
          for (const line of await violations(page)) problems.push(`${viewport.width} px ${path}: ${line}`);
        }
      }
      visited.push(...pages.map((p) => p.name));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('covered at least the 28 pages of the site', () => {
    expect(new Set(visited).size).toBeGreaterThanOrEqual(28);
  });
});
