/**
 * The installable app (issue #16, point 5) in Chromium: the manifest and its icons, the service
 * worker controlling the pages, the last opened threads readable offline (and an unopened one
 * saying it is offline, in French and English), nothing kept for an account once it has logged
 * out or another account signs in, and web push subscribe/unsubscribe from the preferences page.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql } from './api.ts';
import { PHONE, useBrowserStack } from './browser-stack.ts';

// A VAPID key pair's public half: the API hands it to browsers; nothing is pushed here (delivery
// is tested against a local push service in api/src/schema/push.int.test.ts).
const VAPID_PUBLIC_KEY = createECDH('prime256v1').generateKeys().toString('base64url');
const e2e = useBrowserStack({ env: { VAPID_PUBLIC_KEY } });

const suffix = randomBytes(2).toString('hex');
const THREADS = [
  { title: `Hyperkaliémie sous IEC ${suffix}`, body: 'Potassium à 6,1 chez un patient de 78 ans sous ramipril.', reply: 'Arrêt du ramipril et contrôle à 48 heures.' },
  { title: `Syncope à l’effort ${suffix}`, body: 'Jeune sportif, ECG de repos normal.', reply: 'Échographie cardiaque et épreuve d’effort avant toute reprise.' },
  { title: `Fil jamais ouvert ${suffix}`, body: 'Ce fil n’a pas été ouvert sur cet appareil.', reply: 'Une réponse.' },
];
let physician = '';
const threadIds: string[] = [];

beforeAll(async () => {
  const [author, replier] = await Promise.all([e2e.physician({ specialty: 'cardiology' }), e2e.physician({ specialty: 'nephrology' })]);
  physician = author;
  const [authorToken, replierToken] = await Promise.all([apiLogin(e2e.stack, author), apiLogin(e2e.stack, replier)]);
  for (const thread of THREADS) {
    const { createThread } = await gql<{ createThread: { id: string } }>(e2e.stack, 'mutation ($i: ThreadInput!) { createThread(input: $i) { id } }', {
      i: { room: 'cardiology', title: thread.title, body: thread.body },
    }, authorToken);
    await gql(e2e.stack, 'mutation ($i: ReplyInput!) { reply(input: $i) { id } }', { i: { threadId: createThread.id, body: thread.reply } }, replierToken);
    threadIds.push(createThread.id);
  }
});

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Screenshots of the offline pages, for a person to look at (outside the repository). */
const SHOTS = '/tmp/shots-pwa';
mkdirSync(SHOTS, { recursive: true });

/** axe-core's violations on the page as it is (the script is injected: it works offline too). */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const found = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document)).violations;
  })) as Array<{ id: string; nodes: { target: unknown[] }[] }>;
  return found.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
}

/** Resolves once the service worker controls the page (it claims pages as it activates). */
async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

/** The thread pages the worker keeps (for waiting on its background work, not as the proof). */
async function keptPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    if (!(await caches.has('pages'))) return [];
    return (await (await caches.open('pages')).keys()).map((r) => new URL(r.url).pathname);
  });
}

async function waitUntilKept(page: Page, paths: string[]): Promise<void> {
  await expect.poll(async () => (await keptPaths(page)).sort(), { timeout: 20_000 }).toEqual([...paths].sort());
}

/** Opens `path` while the browser is offline; resolves with the text of the page shown. */
async function openOffline(page: Page, path: string): Promise<string> {
  await page.goto(path);
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ');
}

describe('the installable app', () => {
  it('links a manifest, served as one, whose name, start page, display and icons are right', async () => {
    const page = await e2e.newPage({ locale: 'en-GB' });
    await page.goto('/');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const response = await page.request.get(new URL(href!, page.url()).href);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as { name?: string; short_name?: string; start_url?: string; display?: string; icons?: Array<{ src: string; sizes: string; type: string; purpose?: string }> };
    expect(manifest).toMatchObject({ name: 'Consilium', short_name: 'Consilium', start_url: '/', display: 'standalone' });
    expect(manifest.icons?.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons?.some((i) => i.purpose === 'maskable')).toBe(true);
    // Each icon loads as the picture its entry says: its type and its size, decoded by the browser.
    for (const icon of manifest.icons ?? []) {
      const url = new URL(icon.src, response.url()).href;
      const got = await page.request.get(url);
      expect(got.status(), icon.src).toBe(200);
      expect(got.headers()['content-type'], icon.src).toBe(icon.type);
      const size = await page.evaluate(async (src) => {
        const image = new Image();
        image.src = src;
        await image.decode();
        return `${image.naturalWidth}x${image.naturalHeight}`;
      }, url);
      expect(size, icon.src).toBe(icon.sizes);
    }
  });

  it('registers a service worker that controls the pages', async () => {
    const page = await e2e.newPage({ locale: 'en-GB' });
    await page.goto('/');
    await controlled(page);
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { scope: registration.scope, script: registration.active?.scriptURL ?? null, state: registration.active?.state ?? null };
    });
    expect(worker).toEqual({ scope: `${e2e.stack.webUrl}/`, script: `${e2e.stack.webUrl}/service-worker.js`, state: 'activated' });
  });
});

describe('offline reading', () => {
  it('keeps the two threads a physician opened readable offline, and says so for one never opened (French)', async () => {
    const page = await e2e.logIn(physician, { locale: 'fr-FR', timeout: 10_000 });
    await controlled(page);
    const [first, second, unopened] = threadIds.map((id) => `/discussion/t/${id}`) as [string, string, string];
    // One thread opened by its address, the other from the feed (the app's own navigation).
    await page.goto(first);
    await page.getByRole('heading', { level: 1, name: THREADS[0]!.title }).waitFor();
    await page.goto('/discussion');
    await page.getByRole('link', { name: THREADS[1]!.title }).click();
    await page.waitForURL((url) => url.pathname === second);
    await page.getByRole('heading', { level: 1, name: THREADS[1]!.title }).waitFor();
    await waitUntilKept(page, [first, second]);

    await page.context().setOffline(true);
    try {
      for (const [path, thread] of [[first, THREADS[0]!], [second, THREADS[1]!]] as const) {
        const shown = await openOffline(page, path);
        await page.getByRole('heading', { level: 1, name: thread.title }).waitFor();
        expect(shown).toContain(thread.body);
        expect(shown).toContain(thread.reply);
        expect(await page.getByTestId('offline-copy').innerText()).toBe('Copie hors ligne : cette page peut ne pas être à jour.');
      }
      await page.screenshot({ path: `${SHOTS}/offline-copy-fr-1280.png`, fullPage: true });
      const shown = await openOffline(page, unopened);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Vous êtes hors ligne');
      expect(shown).toContain('Cette page n’a pas été ouverte sur cet appareil');
      expect(shown).not.toContain(THREADS[2]!.title);
      expect(shown).not.toContain(THREADS[2]!.body);
      // It offers the threads that can be read, which open offline.
      const offered = page.getByTestId('offline-threads').getByRole('link');
      expect((await offered.allInnerTexts()).sort()).toEqual([THREADS[0]!.title, THREADS[1]!.title].sort());
      expect(await violations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/offline-page-fr-1280.png`, fullPage: true });
      await page.getByRole('link', { name: THREADS[0]!.title }).click();
      await page.getByRole('heading', { level: 1, name: THREADS[0]!.title }).waitFor();
    } finally {
      await page.context().setOffline(false);
    }

    // Logging out forgets them: offline, the thread is no longer readable on this browser.
    await page.goto('/');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).waitFor();
    await page.context().setOffline(true);
    try {
      const shown = await openOffline(page, first);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Vous êtes hors ligne');
      expect(shown).not.toContain(THREADS[0]!.title);
      expect(shown).not.toContain(THREADS[0]!.body);
      expect(shown).toContain('Aucun fil n’est gardé hors ligne sur cet appareil.');
    } finally {
      await page.context().setOffline(false);
    }
    expect(await keptPaths(page)).toEqual([]);
  }, 120_000);

  it('keeps nothing of one account for the next one on a shared browser, even without a logout (English)', async () => {
    const other = await e2e.physician({ specialty: 'geriatrics' });
    const page = await e2e.logIn(physician, { locale: 'en-GB', timeout: 10_000 });
    await controlled(page);
    const first = `/discussion/t/${threadIds[0]}`;
    await page.goto(first);
    await page.getByRole('heading', { level: 1, name: THREADS[0]!.title }).waitFor();
    await waitUntilKept(page, [first]);

    // The session ends without a logout on this browser (expired, or "log out everywhere" from
    // another device), and a colleague signs in here.
    await page.context().clearCookies();
    await page.goto('/login');
    await page.getByLabel('E-mail address').fill(other);
    await page.getByLabel('Password').fill('stethoscope lantern harbour 42');
    await page.locator('main').getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.context().setOffline(true);
    try {
      const shown = await openOffline(page, first);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('You are offline');
      expect(shown).toContain('This page was not opened on this device');
      expect(shown).not.toContain(THREADS[0]!.title);
      expect(shown).not.toContain(THREADS[0]!.body);
      expect(shown).toContain('No thread is kept offline on this device.');
      expect(await violations(page)).toEqual([]);
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: `${SHOTS}/offline-page-en-375.png`, fullPage: true });
    } finally {
      await page.context().setOffline(false);
    }
  }, 120_000);
});

describe('web push from the preferences page', () => {
  it('subscribes this browser through the API and unsubscribes it', async () => {
    const page = await e2e.logIn(physician, { locale: 'en-GB', timeout: 10_000 });
    await page.context().grantPermissions(['notifications']);
    // Chromium here reaches no push service (no network), so PushManager.subscribe cannot produce
    // a subscription: it is replaced inside the page by one shaped as a browser's (a real P-256
    // key, an https endpoint), and getSubscription answers that one (the browser holds none).
    // Everything else — the permission, the page's flow, the form actions, the API — is real.
    await page.addInitScript(() => {
      const KEY = 'e2e:push-subscription';
      const b64url = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const state = window as unknown as { __pushOptions: unknown[] };
      state.__pushOptions = [];
      const asSubscription = (json: { endpoint: string; keys: { p256dh: string; auth: string } }) =>
        ({
          endpoint: json.endpoint,
          expirationTime: null,
          toJSON: () => ({ ...json, expirationTime: null }),
          unsubscribe: async () => {
            localStorage.removeItem(KEY);
            return true;
          },
        }) as unknown as PushSubscription;
      PushManager.prototype.getSubscription = async () => {
        const saved = localStorage.getItem(KEY);
        return saved ? asSubscription(JSON.parse(saved)) : null;
      };
      PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
        const key = options?.applicationServerKey;
        state.__pushOptions.push({ userVisibleOnly: options?.userVisibleOnly, applicationServerKey: typeof key === 'string' ? key : null });
        const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
        const json = {
          endpoint: `https://push.example.invalid/send/${crypto.randomUUID()}`,
          keys: { p256dh: b64url(await crypto.subtle.exportKey('raw', pair.publicKey)), auth: b64url(crypto.getRandomValues(new Uint8Array(16)).buffer) },
        };
        localStorage.setItem(KEY, JSON.stringify(json));
        return asSubscription(json);
      };
    });
    const token = await apiLogin(e2e.stack, physician);
    const devices = async () => (await gql<{ myPushDevices: Array<{ endpoint: string }> }>(e2e.stack, '{ myPushDevices { endpoint } }', {}, token)).myPushDevices.map((d) => d.endpoint);
    expect(await devices()).toEqual([]);

    await page.goto('/notifications/settings');
    const section = page.getByTestId('push-preferences');
    await section.getByRole('button', { name: 'Get notifications on this device' }).click();
    await section.getByTestId('push-subscribed').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pushOptions: unknown[] }).__pushOptions)).toEqual([{ userVisibleOnly: true, applicationServerKey: VAPID_PUBLIC_KEY }]);
    const endpoint = await page.evaluate(() => (JSON.parse(localStorage.getItem('e2e:push-subscription')!) as { endpoint: string }).endpoint);
    expect(await devices()).toEqual([endpoint]);
    expect(await section.getByTestId('push-devices').innerText()).toContain('(this device)');

    // After a reload the page still knows this browser is subscribed; then it stops.
    await page.reload();
    await section.getByRole('button', { name: 'Stop them on this device' }).click();
    await section.getByTestId('push-subscribe').waitFor();
    await section.getByText('No device subscribed.').waitFor();
    expect(await devices()).toEqual([]);
  }, 90_000);
});
