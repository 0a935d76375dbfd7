/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The service worker: shows web pushes (counts only, see docs/pseudonyms.md), opens their link,
 * and keeps the app shell and the last opened thread pages readable offline. Only thread pages
 * are kept — never /graphql, admin or account pages, never a POST — and logging out empties
 * every cache (a shared computer must not keep a physician's threads).
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `shell-${version}`;
const PAGES = 'pages';
const MAX_PAGES = 20;
/** Thread pages (/discussion/t/<id>), the only pages kept for offline reading. */
const THREAD_PAGE = /^\/discussion\/t\/[0-9a-f-]{36}$/;
const OFFLINE_NOTICE = {
  fr: 'Copie hors ligne : cette page peut ne pas être à jour.',
  en: 'Offline copy: this page may be out of date.',
};

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

/** Keeps the newest MAX_PAGES thread pages (Cache keys come back in insertion order). */
async function keepPage(request: Request, response: Response): Promise<void> {
  const cache = await caches.open(PAGES);
  await cache.delete(request);
  await cache.put(request, response);
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(old);
}

/** The kept copy, with a banner outside the app's root (so that hydration leaves it alone). */
async function offlineCopy(cached: Response): Promise<Response> {
  const html = await cached.text();
  const lang = /<html[^>]*lang="en"/.test(html) ? 'en' : 'fr';
  const banner = `<p role="status" data-testid="offline-copy" style="margin:0;padding:.5rem 1rem;background:#fff4d6;color:#3d2e00;border-bottom:1px solid #e0c36b">${OFFLINE_NOTICE[lang]}</p>`;
  return new Response(html.replace(/<body([^>]*)>/, `<body$1>${banner}`), { headers: { 'content-type': 'text/html; charset=utf-8' } });
}

async function threadPage(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok && response.headers.get('content-type')?.includes('text/html')) await keepPage(request, response.clone());
    return response;
  } catch (err) {
    const cached = await (await caches.open(PAGES)).match(request);
    if (cached) return offlineCopy(cached);
    throw err;
  }
}

async function clearPrivateCaches(): Promise<void> {
  await caches.delete(PAGES);
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
  if (request.mode === 'navigate' && THREAD_PAGE.test(url.pathname) && !url.search) event.respondWith(threadPage(request));
});

sw.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'logout') event.waitUntil(clearPrivateCaches());
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
