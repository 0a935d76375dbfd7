import { preloadData } from '$app/navigation';
import { tick } from 'svelte';

/**
 * Load-more without losing the place: the next page's data, fetched through the page's own load
 * (no navigation, so the list, the scroll position and the address stay), or null when it could
 * not be had (the caller then follows the link as without JavaScript).
 */
export async function nextPageData<T>(href: string): Promise<T | null> {
  try {
    const result = await preloadData(href);
    return result.type === 'loaded' && result.status === 200 ? (result.data as T) : null;
  } catch {
    return null;
  }
}

/** The items of `more` that `shown` does not already hold (a bumped thread may come twice), in order. */
export function unseen<T extends { id: string }>(shown: readonly T[], more: readonly T[]): T[] {
  const ids = new Set(shown.map((item) => item.id));
  return more.filter((item) => !ids.has(item.id));
}

/** Once the added items are on the page, focus the first one's `selector` (a link or the article). */
export async function focusFirstAdded(selector: string): Promise<void> {
  await tick();
  const target = document.querySelector<HTMLElement>(selector);
  if (!target) return;
  if (!target.matches('a, button, input, textarea, select, [tabindex]')) target.tabIndex = -1;
  target.focus({ preventScroll: true });
}
