/**
 * Tells the service worker who is signed in on this browser (and in which language), on every
 * page: it keeps thread pages for offline reading for that account only and forgets them when
 * another account, or nobody, is signed in (src/service-worker.ts).
 */
import type { Locale } from '$lib/i18n/locale.ts';

export function tellServiceWorker(accountId: string | null, lang: Locale): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: 'viewer', accountId, lang }));
}
