/**
 * "New since your last visit": when this browser last showed each thread, kept in localStorage
 * (never sent to the server: what a physician reads is nobody's business). A thread's replies
 * newer than the last visit are marked new; a feed card says when its thread has activity since.
 */
import type { DraftStore } from './drafts.ts';

const PREFIX = 'consilium:visit:';
/** How many threads are remembered: the least recently seen are forgotten first. */
export const MAX_VISITS = 500;
const INDEX = `${PREFIX}index`;

/** When the thread was last seen here (the newest activity shown then), or null. */
export function lastVisit(store: DraftStore, threadId: string): number | null {
  try {
    const value = Number(store.getItem(PREFIX + threadId));
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/** Remembers that the thread was seen up to `seenUpTo` (never moving backwards). */
export function recordVisit(store: DraftStore, threadId: string, seenUpTo: number): void {
  try {
    const before = lastVisit(store, threadId);
    if (before !== null && before >= seenUpTo) return;
    store.setItem(PREFIX + threadId, String(seenUpTo));
    const index = (JSON.parse(store.getItem(INDEX) ?? '[]') as string[]).filter((id) => id !== threadId);
    index.push(threadId);
    for (const old of index.splice(0, Math.max(0, index.length - MAX_VISITS))) store.removeItem(PREFIX + old);
    store.setItem(INDEX, JSON.stringify(index));
  } catch {
    // Storage full or unavailable: no markers, nothing else lost.
  }
}

/** Whether something dated `at` is new to a reader whose last visit was `visit` (never, on a first visit). */
export const isNewSince = (visit: number | null, at: string | number): boolean => visit !== null && new Date(at).getTime() > visit;
