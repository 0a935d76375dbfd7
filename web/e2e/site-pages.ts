/**
 * Every page of the site as each kind of visitor sees it, on the demo data set (`pnpm cli
 * demo:seed`): the pages with an id in their address are found by following the links a person
 * would follow, so the list stays right when the demo data changes.
 */
import type { Cookie, Page } from 'playwright-core';
import { logInOn, registerSecondFactor, runCli, type Stack } from './harness.ts';

/** The demo accounts' shared password (api/src/cli/demo-seed.ts). */
const DEMO_PASSWORD = 'demo-consilium-2026';

export const DEMO = {
  admin: 'admin@demo.consilium.test',
  physician: 'dr.martin@demo.consilium.test',
  pendingPhysician: 'dr.bernard@demo.consilium.test',
  newPhysician: 'dr.nouveau@demo.consilium.test',
  client: 'etudes@sante-publique.demo.consilium.test',
} as const;

export type Visitor = 'public' | keyof typeof DEMO;

export interface SitePage {
  /** A file-name-safe name ("physician-discussion-thread"). */
  name: string;
  path: string;
}

/** The demo admin's TOTP secret (DEMO_ADMIN_TOTP_SECRET of api/src/cli/demo-seed.ts): admins sign in with a code. */
const DEMO_ADMIN_TOTP_SECRET = 'KRUGS4ZANFZSAYJAMRSW233TMVRXEZLU';

/** Loads the demo data into the stack's empty database. */
export async function seedDemo(stack: Stack): Promise<void> {
  await runCli(stack, ['demo:seed']);
  registerSecondFactor(DEMO.admin, DEMO_ADMIN_TOTP_SECRET);
}

/**
 * The demo admin's session cookies once signed in: a TOTP code is good once per 30-second step, and
 * a file opens many admin pages within seconds, so later contexts reuse the session (as one admin
 * in one browser would) instead of signing in again; a session that has ended signs in anew.
 */
const adminCookies = new Map<string, Cookie[]>();

export async function logInAs(page: Page, visitor: Visitor): Promise<void> {
  if (visitor === 'public') return;
  const saved = visitor === 'admin' ? adminCookies.get(DEMO.admin) : undefined;
  if (saved) {
    await page.context().addCookies(saved);
    await page.goto('/');
    if ((await page.getByTestId('account-email').count()) > 0) return;
  }
  await logInOn(page, DEMO[visitor], DEMO_PASSWORD, 'fr-FR');
  if (visitor === 'admin') adminCookies.set(DEMO.admin, await page.context().cookies());
}

/** The `href`s of the links in the page's main content whose address matches `pattern`, in page order, once each. */
async function linksTo(page: Page, path: string, pattern: RegExp): Promise<string[]> {
  await page.goto(path);
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.filter((href) => pattern.test(href)))];
}

async function firstLink(page: Page, path: string, pattern: RegExp): Promise<string> {
  const [href] = await linksTo(page, path, pattern);
  if (!href) throw new Error(`no link matching ${pattern} on ${path}`);
  return href;
}

/** The pages `visitor` can open (the page must be logged in as them). */
export async function pagesOf(page: Page, visitor: Visitor): Promise<SitePage[]> {
  const pages = (list: Array<[string, string]>) => list.map(([name, path]) => ({ name: `${visitor}-${name}`, path }));
  switch (visitor) {
    case 'public':
      return pages([
        ['home', '/'],
        ['login', '/login'],
        ['register', '/register'],
        ['forgot-password', '/forgot-password'],
        // A mail's unsubscribe link: the page asks before anything changes (any token shows it).
        ['unsubscribe', '/unsubscribe/00000000-0000-4000-8000-000000000000.demo'],
        // A link's pages as they open, whether or not the token is still good.
        ['reset-password', '/reset-password?token=unknown'],
        ['confirm-email', '/confirm-email?token=unknown'],
      ]);
    case 'pendingPhysician':
      return pages([['home', '/'], ['credential', '/credential'], ['discussion', '/discussion']]);
    case 'newPhysician':
      // Not confirmed yet: the account page and the page that asks to confirm (every other page leads there).
      return pages([['home', '/'], ['confirm-address', '/confirm-address']]);
    case 'physician': {
      const thread = await firstLink(page, '/discussion', /^\/discussion\/t\/[^/?#]+$/);
      const survey = await firstLink(page, '/surveys', /^\/surveys\/[^/?#]+$/);
      const conversation = await firstLink(page, '/messages', /^\/messages\/[^/?#]+$/);
      return pages([
        ['home', '/'], ['surveys', '/surveys'], ['survey', survey], ['honoraria', '/honoraria'], ['credential', '/credential'],
        ['discussion', '/discussion'], ['discussion-new', '/discussion/new'], ['discussion-ask', '/discussion/ask'], ['discussion-questions', '/discussion/questions'], ['discussion-search', '/discussion/search?q=antibiotiques'],
        ['discussion-thread', thread], ['notifications', '/notifications'], ['notification-settings', '/notifications/settings'], ['discussion-room', '/discussion?room=general'], ['transparency', '/transparency'],
        ['messages', '/messages'], ['messages-conversation', conversation],
        ['groups', '/groups'], ['groups-group', await firstLink(page, '/groups', /^\/groups\/[0-9a-f-]{36}$/)], ['groups-join', '/groups/join/demo-code'],
      ]);
    }
    case 'client': {
      const listed = await linksTo(page, '/my-surveys', /^\/my-surveys\/(?!new|reach|access-tokens)[^/?#]+(\/edit)?$/);
      const surveys = listed.filter((href) => !href.endsWith('/edit'));
      // A draft is listed with its edit link; a closed survey's page links to its report.
      const edit = listed.find((href) => href.endsWith('/edit'));
      let report: string | undefined;
      for (const survey of surveys) {
        report ??= (await linksTo(page, survey, /^\/my-surveys\/[^/?#]+\/report$/))[0];
      }
      if (!surveys[0] || !edit || !report) throw new Error(`client pages not found: ${JSON.stringify({ surveys, edit, report })}`);
      return pages([
        ['home', '/'], ['my-surveys', '/my-surveys'], ['my-surveys-new', '/my-surveys/new'], ['my-survey', surveys[0]],
        ['my-survey-edit', edit], ['my-survey-report', report], ['orders', '/orders'], ['my-access-tokens', '/my-surveys/access-tokens'],
      ]);
    }
    case 'admin': {
      const job = await firstLink(page, '/report-jobs', /^\/report-jobs\/[^/?#]+$/);
      const thread = await firstLink(page, '/moderation', /^\/moderation\/t\/[^/?#]+\?post=[^#]+#post-/);
      return pages([
        ['home', '/'], ['verification', '/verification'], ['verification-reverify', '/verification?status=REVERIFY'], ['survey-review', '/survey-review'], ['audit', '/audit'],
        ['moderation', '/moderation'], ['moderation-thread', thread], ['moderation-messages', '/moderation/messages'], ['orders', '/orders'], ['report-jobs', '/report-jobs'], ['report-job', job],
        ['staff', '/staff'],
      ]);
    }
  }
}

/** Waits until the page's own scripts have run (SvelteKit hydrates after the load event). */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
}
