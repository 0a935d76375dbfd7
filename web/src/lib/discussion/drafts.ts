/**
 * Drafts of what a physician is writing (a reply, a thread, an edit), kept in this browser's
 * localStorage so that a reload or a closed tab loses nothing; one per form and thread, cleared
 * once the text is published. They never leave the browser.
 */

/** The part of `Storage` drafts use (localStorage in the browser, a map in the tests). */
export type DraftStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'consilium:draft:';
/** A draft older than this is dropped rather than restored into a form long after. */
export const DRAFT_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** The key of a form's draft: its kind and what it belongs to (thread, reply target, post). */
export const draftKey = (...parts: string[]) => PREFIX + parts.join(':');

/** The draft kept under `key`, or null (none, too old, or unreadable). */
export function readDraft(store: DraftStore, key: string, now = Date.now()): string | null {
  try {
    const saved = JSON.parse(store.getItem(key) ?? 'null') as { text?: unknown; at?: unknown } | null;
    if (!saved || typeof saved.text !== 'string' || typeof saved.at !== 'number') return null;
    if (now - saved.at > DRAFT_MAX_AGE_MS) {
      store.removeItem(key);
      return null;
    }
    return saved.text;
  } catch {
    return null;
  }
}

/** Keeps `text` as the draft under `key`; an empty text removes it. A full storage is not an error. */
export function saveDraft(store: DraftStore, key: string, text: string, now = Date.now()): void {
  try {
    if (text.trim() === '') store.removeItem(key);
    else store.setItem(key, JSON.stringify({ text, at: now }));
  } catch {
    // Quota or privacy mode: the form still works, only without a draft.
  }
}

export function clearDraft(store: DraftStore, key: string): void {
  try {
    store.removeItem(key);
  } catch {
    // As above.
  }
}
