import { describe, expect, it } from 'vitest';
import { feedHref, normalizeTag, parseFeedParams, parseSearchParams, searchHref } from './query.ts';

const params = (query: string) => new URLSearchParams(query);

describe('parseFeedParams', () => {
  it('reads the room, the tag and the page', () => {
    expect(parseFeedParams(params('room=cardiology&tag=%23ECG&after=YWJj'))).toEqual({ room: 'cardiology', tag: 'ecg', after: 'YWJj' });
    expect(parseFeedParams(params('room=general-practice'))).toEqual({ room: 'general-practice', tag: null, after: null });
  });

  it('ignores what cannot be a room, a tag or a cursor', () => {
    expect(parseFeedParams(params('room=Cardio%20logy&tag=%20%20&after=%3Cscript%3E'))).toEqual({ room: null, tag: null, after: null });
    expect(parseFeedParams(params(`after=${'a'.repeat(201)}`)).after).toBeNull();
    expect(parseFeedParams(params(`tag=${'x'.repeat(41)}`)).tag).toBeNull();
  });
});

describe('feedHref', () => {
  it('keeps the filters set and leaves the others out', () => {
    expect(feedHref({})).toBe('/discussion');
    expect(feedHref({ room: 'cardiology', tag: 'atrial fibrillation' })).toBe('/discussion?room=cardiology&tag=atrial+fibrillation');
    expect(feedHref({ room: null, tag: 'ecg', after: 'c1' })).toBe('/discussion?tag=ecg&after=c1');
  });

  it('reads back what it writes', () => {
    const href = feedHref({ room: 'pediatrics', tag: 'fièvre', after: 'abc=' });
    expect(parseFeedParams(new URL(href, 'http://x').searchParams)).toEqual({ room: 'pediatrics', tag: 'fièvre', after: 'abc=' });
  });
});

describe('normalizeTag', () => {
  it('lowercases, drops the hash and joins words with a hyphen', () => {
    expect(normalizeTag('  #Atrial   Fibrillation ')).toBe('atrial-fibrillation');
  });

  it('keeps accents, in one spelling whatever the keyboard sent', () => {
    expect(normalizeTag('#Gériatrie')).toBe('gériatrie');
    expect(normalizeTag('Ge\u0301riatrie')).toBe('gériatrie');
    expect(normalizeTag('#')).toBeNull();
  });
});

describe('search parameters', () => {
  it('trims the words and keeps a page cursor', () => {
    expect(parseSearchParams(params('q=%20insuffisance%20cardiaque%20&after=Y3Vy'))).toEqual({ query: 'insuffisance cardiaque', after: 'Y3Vy' });
    expect(parseSearchParams(params('')).query).toBe('');
    expect(parseSearchParams(params(`q=${'a'.repeat(500)}`)).query).toHaveLength(200);
    expect(searchHref('heart failure', 'c2')).toBe('/discussion/search?q=heart+failure&after=c2');
  });
});
