/**
 * Personal access tokens in Chromium (#17, point 7; docs/access-tokens.md): a client creates one
 * from the keyboard, sees it once with its warning and copies it, a script reads the client's
 * surveys with it, the client revokes it and the script is refused. On a phone's width the page
 * fits; axe finds nothing on it in either language.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, registerClient } from './api.ts';
import { launchBrowser, logInOn, startStack, type Stack } from './harness.ts';
import { settle } from './site-pages.ts';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let stack: Stack | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const found = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document)).violations;
  })) as Array<{ id: string; nodes: Array<{ target: unknown[] }> }>;
  return found.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
}

/** A call a script would make with the token. */
async function asScript(token: string, query: string): Promise<{ data?: unknown; errors?: Array<{ extensions?: { code?: string } }> }> {
  const response = await fetch(stack!.apiUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
}

describe('access tokens page', () => {
  it('a client creates a token from the keyboard, copies it, a script uses it, and the client revokes it', async () => {
    const email = `etudes.${randomBytes(4).toString('hex')}@agence.example`;
    await registerClient(stack!, email, 'Agence des tests');
    const context = await browser!.newContext({ baseURL: stack!.webUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack!.webUrl });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await logInOn(page, email, PASSWORD, 'en-GB');
      await page.goto('/my-surveys');
      await page.getByTestId('access-tokens-link').click();
      await page.waitForURL('**/my-surveys/access-tokens');
      await settle(page);
      expect(await page.getByTestId('tokens-empty').textContent()).toContain('No token yet.');
      expect(await axeViolations(page)).toEqual([]);

      // Keyboard only: the name, both scopes, the expiry, then Enter.
      await page.getByLabel('Name of the token').focus();
      await page.keyboard.type('Nightly R import');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space'); // "Your surveys" on; "Your reports" is on already
      await page.getByLabel('Name of the token').focus();
      await page.keyboard.press('Enter');
      const created = page.getByTestId('token-created');
      await created.waitFor();
      expect(await created.textContent()).toContain('it will never be shown again');
      const token = await page.getByTestId('token-value').inputValue();
      expect(token).toMatch(/^csl_pat_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/);
      await page.getByTestId('token-copy').click();
      await expect.poll(() => created.textContent()).toContain('Token copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
      expect(await page.getByTestId('token-name').allTextContents()).toEqual(['Nightly R import']);
      expect(await page.getByTestId('token-prefix').textContent()).toBe(`${token.slice(0, 18)}…`);
      expect(await axeViolations(page)).toEqual([]);

      // The script reads the organisation's surveys, and may do nothing else.
      expect((await asScript(token, '{ mySurveys { id } }')).errors).toBeUndefined();
      expect((await asScript(token, '{ me { id } }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      // Shown once: the page loaded again lists the token without it.
      await page.goto('/my-surveys/access-tokens');
      await settle(page);
      expect(await page.content()).not.toContain(token);
      expect(await page.getByTestId('token-created').count()).toBe(0);

      // On a phone: the page fits its width.
      await page.setViewportSize({ width: 360, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Revoke the token “Nightly R import”' }).click();
      await page.getByRole('button', { name: 'Yes, revoke' }).click();
      await expect.poll(() => page.getByTestId('tokens-notice').textContent()).toContain('The token “Nightly R import” is revoked.');
      expect(await page.getByTestId('token-revoked').count()).toBe(1);
      expect((await asScript(token, '{ mySurveys { id } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await context.close();
    }
  });

  it('in French, a token without scope is refused with the reason beside the field', async () => {
    const email = `etudes.${randomBytes(4).toString('hex')}@agence.example`;
    await registerClient(stack!, email, 'Agence des essais');
    const context = await browser!.newContext({ baseURL: stack!.webUrl, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await logInOn(page, email, PASSWORD, 'fr-FR');
      await page.goto('/my-surveys/access-tokens');
      await settle(page);
      await page.getByLabel('Nom du jeton').fill('Script Stata');
      await page.getByLabel('Vos rapports et leurs fichiers (CSV, XLSX)').uncheck();
      await page.getByRole('button', { name: 'Créer le jeton' }).click();
      await expect.poll(() => page.locator('main').textContent()).toContain('Choisissez au moins une chose que le jeton peut lire.');
      expect(await page.getByTestId('token-created').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
