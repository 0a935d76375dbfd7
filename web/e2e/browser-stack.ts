/**
 * The setup most end-to-end files share, written once: the stack (`startStack`) and Chromium
 * started before the file's tests and stopped after them, an admin made the way operators make
 * one (for approving physicians' licences), and a fresh browser context per signed-in page.
 *
 *   const e2e = useBrowserStack();
 *   beforeAll(async () => { author = await e2e.physician({ specialty: 'cardiology' }); });
 *   const page = await e2e.logIn(author, 'fr-FR');
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { apiLogin, PASSWORD, verifiedPhysician, type Badge } from './api.ts';
import { createAdmin, launchBrowser, logInOn, startStack, type Stack, type StackOptions } from './harness.ts';

export type Locale = 'fr-FR' | 'en-GB';

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 375, height: 800 } as const;

export interface PageOptions {
  locale?: Locale;
  viewport?: { width: number; height: number };
  /** The page's default timeout for waits and clicks (5 s unless given). */
  timeout?: number;
  /** Anything else of the browser context (javaScriptEnabled, serviceWorkers, acceptDownloads …). */
  context?: BrowserContextOptions;
}

export interface BrowserStack {
  readonly stack: Stack;
  readonly browser: Browser;
  /** The file's admin (made on first use, with its second factor known to the harness): e-mail and API token. */
  admin(): Promise<{ email: string; token: string }>;
  /** A physician whose licence the file's admin approved; resolves with their e-mail. */
  physician(badge: Badge): Promise<string>;
  /** A page in a browser context of its own (closed after the file), on the web app. */
  newPage(options?: PageOptions): Promise<Page>;
  /** The same, signed in as `email` through the login form, on the home page. */
  logIn(email: string, options?: PageOptions | Locale): Promise<Page>;
}

/** Registers the file's beforeAll/afterAll hooks; call it at the top level of a test file. */
export function useBrowserStack(options: StackOptions = {}): BrowserStack {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  let admin: Promise<{ email: string; token: string }> | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(options), launchBrowser()]);
  });

  afterAll(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    await browser?.close();
    await stack?.stop();
  });

  const ready = (): { stack: Stack; browser: Browser } => {
    if (!stack || !browser) throw new Error('stack not started');
    return { stack, browser };
  };

  const newPage = async ({ locale = 'fr-FR', viewport = DESKTOP, timeout = 5_000, context: extra = {} }: PageOptions = {}): Promise<Page> => {
    const { stack, browser } = ready();
    const context = await browser.newContext({ baseURL: stack.webUrl, locale, viewport, ...extra });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    return page;
  };

  return {
    get stack() {
      return ready().stack;
    },
    get browser() {
      return ready().browser;
    },
    admin() {
      admin ??= (async () => {
        const email = `admin.${randomBytes(4).toString('hex')}@example.org`;
        await createAdmin(ready().stack, email, PASSWORD);
        return { email, token: await apiLogin(ready().stack, email) };
      })();
      return admin;
    },
    async physician(badge) {
      return verifiedPhysician(ready().stack, (await this.admin()).token, badge);
    },
    newPage,
    async logIn(email, options = {}) {
      const opts = typeof options === 'string' ? { locale: options } : options;
      const page = await newPage(opts);
      await logInOn(page, email, PASSWORD, opts.locale ?? 'fr-FR');
      return page;
    },
  };
}
