/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The service worker: shows web pushes (counts only, see docs/pseudonyms.md), opens their link,
 * and keeps the app shell and the last opened thread pages readable offline. Only thread pages
 * are kept — never /graphql, admin or account pages, never a POST — and only for the account
 * that opened them: each kept page is stamped with (a hash of) that account, the pages tell the
 * worker who is signed in, and logging out, another account signing in or nobody being signed in
 * empties the kept pages (a shared computer must not keep a physician's threads).
 */
import { build, files, version } from '$service-worker';
import { pushEn } from '$lib/i18n/push.en.ts';
import { pushFr } from '$lib/i18n/push.fr.ts';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `shell-${version}`;
const PAGES = 'pages';
/** Who the kept pages belong to, in Cache storage: the worker's globals go when it is stopped. */
const SESSION = 'session';
const OWNER_KEY = '/__service-worker/owner';
const STAMP = 'x-consilium-kept-for';
const KEPT_AT = 'x-consilium-kept-at';
/** A page the app reloads (its data, after a vote or a reply) is fetched again at most this often. */
const REFRESH_MS = 60_000;
const MAX_PAGES = 20;
/** Thread pages (/discussion/t/<id>), the only pages kept for offline reading. */
const THREAD_PAGE = /^\/discussion\/t\/[0-9a-f-]{36}$/;
/** The same page opened by the app's own navigation (SvelteKit fetches its data, not the page). */
const THREAD_DATA = /^(\/discussion\/t\/[0-9a-f-]{36})\/__data\.json$/;
const TEXT = { fr: pushFr, en: pushEn };
type Lang = keyof typeof TEXT;

interface Owner {
  /** SHA-256 of the signed-in account's id, or null when nobody is signed in. */
  owner: string | null;
  lang: Lang;
}

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll([...build, ...files])));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('shell-') && key !== SHELL) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

async function currentOwner(): Promise<Owner> {
  const stored = await (await caches.open(SESSION)).match(OWNER_KEY);
  const fallback: Owner = { owner: null, lang: sw.navigator.language.startsWith('en') ? 'en' : 'fr' };
  return stored ? { ...fallback, ...((await stored.json()) as Partial<Owner>) } : fallback;
}

async function hashOf(accountId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`consilium-offline:${accountId}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function clearPrivateCaches(): Promise<void> {
  await caches.delete(PAGES);
  const { lang } = await currentOwner();
  await (await caches.open(SESSION)).put(OWNER_KEY, Response.json({ owner: null, lang }));
}

/** A page says who is signed in: anyone else's kept pages (or anyone's, when nobody is) go. */
async function setOwner(accountId: string | null, lang: Lang): Promise<void> {
  const owner = accountId ? await hashOf(accountId) : null;
  const before = await currentOwner();
  if (before.owner !== owner || owner === null) await caches.delete(PAGES);
  await (await caches.open(SESSION)).put(OWNER_KEY, Response.json({ owner, lang }));
}

/** Keeps the newest MAX_PAGES thread pages (Cache keys come back in insertion order), stamped with their owner. */
async function keepPage(url: string, response: Response): Promise<void> {
  const { owner } = await currentOwner();
  if (!owner || !response.ok || !response.headers.get('content-type')?.includes('text/html')) return;
  const headers = new Headers(response.headers);
  headers.set(STAMP, owner);
  headers.set(KEPT_AT, String(Date.now()));
  const stamped = new Response(await response.blob(), { status: response.status, headers });
  const cache = await caches.open(PAGES);
  await cache.delete(url);
  await cache.put(url, stamped);
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(old);
}

/** The current account's kept copy of `url`, if any. */
async function keptPage(url: string): Promise<Response | undefined> {
  const { owner } = await currentOwner();
  if (!owner) return undefined;
  const hit = await (await caches.open(PAGES)).match(url);
  return hit?.headers.get(STAMP) === owner ? hit : undefined;
}

/** The current account's kept pages: [url, response]. */
async function keptPages(): Promise<Array<[string, Response]>> {
  const { owner } = await currentOwner();
  if (!owner || !(await caches.has(PAGES))) return [];
  const cache = await caches.open(PAGES);
  const out: Array<[string, Response]> = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (response?.headers.get(STAMP) === owner) out.push([request.url, response]);
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (lang: Lang, title: string, body: string) =>
  new Response(
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>` +
      '<style>body{font:1rem/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a}main{max-width:40rem;margin:0 auto;padding:2rem 1rem}a{color:#1f5f6b}</style></head>' +
      `<body><main id="main">${body}</main></body></html>`,
    { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
  );

/** What a page the browser cannot reach shows: why, and the threads this account can read here. */
async function offlinePage(): Promise<Response> {
  const { lang } = await currentOwner();
  const t = TEXT[lang];
  const links: string[] = [];
  for (const [url, response] of (await keptPages()).reverse()) {
    const title = /<title>([^<]*)<\/title>/.exec(await response.text())?.[1]?.replace(/ · Consilium$/, '').trim() || new URL(url).pathname;
    links.push(`<li><a href="${escapeHtml(new URL(url).pathname)}">${title}</a></li>`);
  }
  const kept = links.length ? `<h2>${t['offline.kept']}</h2><ul data-testid="offline-threads">${links.join('')}</ul>` : `<p>${t['offline.none']}</p>`;
  return page(
    lang,
    t['offline.title'],
    `<h1 data-testid="offline-page">${t['offline.heading']}</h1><p>${t['offline.body']}</p>${kept}<p><a href="">${t['offline.retry']}</a></p>`,
  );
}

/** The kept copy, with a banner outside the app's root (so that hydration leaves it alone). */
async function offlineCopy(cached: Response): Promise<Response> {
  const html = await cached.text();
  const lang: Lang = /<html[^>]*lang="en"/.test(html) ? 'en' : 'fr';
  const banner = `<p role="status" data-testid="offline-copy" style="margin:0;padding:.5rem 1rem;background:#fff4d6;color:#3d2e00;border-bottom:1px solid #e0c36b">${TEXT[lang]['offline.notice']}</p>`;
  return new Response(html.replace(/<body([^>]*)>/, `<body$1>${banner}`), { headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** Any page: the network's answer (a thread page is kept), else the kept copy, else the offline page. */
async function navigate(event: FetchEvent, url: URL): Promise<Response> {
  const thread = THREAD_PAGE.test(url.pathname) && !url.search;
  try {
    const response = await fetch(event.request);
    if (thread) event.waitUntil(keepPage(url.href, response.clone()));
    return response;
  } catch {
    const cached = thread ? await keptPage(url.href) : undefined;
    return cached ? offlineCopy(cached) : offlinePage();
  }
}

/** The app opened a thread itself (its data only): the page as a reload would show it is kept too. */
async function keepOpenedThread(path: string): Promise<void> {
  const url = new URL(path, sw.location.origin).href;
  const kept = await keptPage(url);
  if (kept && Date.now() - Number(kept.headers.get(KEPT_AT)) < REFRESH_MS) return;
  const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } }).catch(() => null);
  if (response) await keepPage(url, response);
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.method === 'POST' && (url.pathname === '/logout' || url.search === '?/logoutEverywhere')) {
    // Emptied before the request goes: a logout the server never sees still forgets the pages.
    event.respondWith(clearPrivateCaches().then(() => fetch(request)));
    return;
  }
  if (request.method !== 'GET') return;
  if ([...build, ...files].includes(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event, url));
    return;
  }
  const data = THREAD_DATA.exec(url.pathname);
  if (data) {
    event.respondWith(
      fetch(request).then((response) => {
        if (response.ok) event.waitUntil(keepOpenedThread(data[1]!));
        return response;
      }),
    );
  }
});

sw.addEventListener('message', (event) => {
  const message = event.data as { type?: string; accountId?: unknown; lang?: unknown } | null;
  if (message?.type === 'logout') event.waitUntil(clearPrivateCaches());
  if (message?.type === 'viewer') {
    const accountId = typeof message.accountId === 'string' ? message.accountId : null;
    event.waitUntil(setOwner(accountId, message.lang === 'en' ? 'en' : 'fr'));
  }
});

interface PushMessage {
  title: string;
  body: string;
  url: string;
}

sw.addEventListener('push', (event) => {
  const message = (event.data?.json() ?? {}) as Partial<PushMessage>;
  // A path on this site only: the payload is encrypted for this browser, but stay strict anyway.
  const url = typeof message.url === 'string' && message.url.startsWith('/') && !message.url.startsWith('//') ? message.url : '/notifications';
  event.waitUntil(
    sw.registration.showNotification(message.title ?? 'Consilium', {
      body: message.body ?? '',
      icon: '/icons/icon-192.png',
      badge: '/icons/maskable-192.png',
      tag: 'notifications',
      data: { url },
    }),
  );
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL((event.notification.data as { url?: string } | null)?.url ?? '/notifications', sw.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === sw.location.origin);
      if (open) {
        await open.focus();
        await open.navigate(target);
      } else {
        await sw.clients.openWindow(target);
      }
    })(),
  );
});
