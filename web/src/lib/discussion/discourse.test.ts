import { describe, expect, it } from 'vitest';
import { clearDraft, DRAFT_MAX_AGE_MS, draftKey, readDraft, saveDraft, type DraftStore } from './drafts.ts';
import { isNewSince, lastVisit, MAX_VISITS, recordVisit } from './visits.ts';
import { appendQuote, MAX_QUOTE, quoteMarkdown } from './quote.ts';

function memory(): DraftStore & { size(): number } {
  const items = new Map<string, string>();
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
    size: () => items.size,
  };
}

describe('drafts', () => {
  it('keeps a draft per form and thread until it is cleared', () => {
    const store = memory();
    const reply = draftKey('reply', 't1', 'thread');
    saveDraft(store, reply, 'Half a thought', 1000);
    saveDraft(store, draftKey('reply', 't2', 'thread'), 'Another thread', 1000);
    expect(readDraft(store, reply, 2000)).toBe('Half a thought');
    clearDraft(store, reply);
    expect(readDraft(store, reply)).toBeNull();
    expect(readDraft(store, draftKey('reply', 't2', 'thread'), 2000)).toBe('Another thread');
  });

  it('drops an emptied draft, a stale one and one it cannot read', () => {
    const store = memory();
    saveDraft(store, 'k', 'text', 0);
    saveDraft(store, 'k', '   ', 0);
    expect(readDraft(store, 'k', 0)).toBeNull();
    saveDraft(store, 'k', 'old', 0);
    expect(readDraft(store, 'k', DRAFT_MAX_AGE_MS + 1)).toBeNull();
    expect(store.size()).toBe(0);
    store.setItem('k', '{not json');
    expect(readDraft(store, 'k')).toBeNull();
  });

  it('a full or refused storage loses the draft, not the form', () => {
    const full: DraftStore = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => {} };
    expect(() => saveDraft(full, 'k', 'text')).not.toThrow();
  });
});

describe('visits', () => {
  it('marks as new only what came after the last visit, and never on a first visit', () => {
    const store = memory();
    expect(isNewSince(lastVisit(store, 't'), '2026-12-05T10:00:00Z')).toBe(false);
    recordVisit(store, 't', Date.parse('2026-12-05T10:00:00Z'));
    const visit = lastVisit(store, 't');
    expect(isNewSince(visit, '2026-12-05T09:59:59Z')).toBe(false);
    expect(isNewSince(visit, '2026-12-05T10:00:00Z')).toBe(false);
    expect(isNewSince(visit, '2026-12-05T10:00:01Z')).toBe(true);
    // An older page of the thread does not move the visit back.
    recordVisit(store, 't', Date.parse('2026-12-05T08:00:00Z'));
    expect(lastVisit(store, 't')).toBe(visit);
  });

  it('remembers at most MAX_VISITS threads, forgetting the least recently seen', () => {
    const store = memory();
    for (let i = 0; i <= MAX_VISITS; i++) recordVisit(store, `t${i}`, 1000 + i);
    expect(lastVisit(store, 't0')).toBeNull();
    expect(lastVisit(store, `t${MAX_VISITS}`)).toBe(1000 + MAX_VISITS);
    expect(store.size()).toBe(MAX_VISITS + 1);
  });
});

describe('quote-reply', () => {
  it('quotes every line, keeps paragraphs inside the quote and links to the post', () => {
    expect(quoteMarkdown('First line\nsecond\n\n\n\nlast', 'Cobalt-Heron-4821', '/discussion/t/x#post-y')).toBe(
      '> First line\n> second\n>\n> last\n>\n> — [@Cobalt-Heron-4821](/discussion/t/x#post-y)\n\n',
    );
    expect(quoteMarkdown('   ', 'A', '/x')).toBe('');
  });

  it('cuts a long passage at a word, and adds a quote after what is written', () => {
    const quoted = quoteMarkdown('word '.repeat(400), 'A', '/x');
    expect(quoted.split('\n')[0]!.length).toBeLessThanOrEqual(MAX_QUOTE + 3);
    expect(quoted.split('\n')[0]).toMatch(/word…$/);
    expect(appendQuote('', '> q\n\n')).toBe('> q\n\n');
    expect(appendQuote('My answer.  \n', '> q\n\n')).toBe('My answer.\n\n> q\n\n');
  });
});
