/**
 * The feed's and search's address parameters: read defensively (they come from links anyone can
 * edit) and written back so that a filter, a page and a language switch keep each other.
 */

/** A room is "general" or a specialty code: lowercase ASCII words joined by hyphens. */
const ROOM = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_CURSOR = 200;
const MAX_TAG = 40;
/** The longest search a page sends on. */
export const MAX_QUERY = 200;

export interface FeedParams {
  room: string | null;
  tag: string | null;
  after: string | null;
}

function text(params: URLSearchParams, name: string): string | null {
  const value = params.get(name)?.trim() ?? '';
  return value === '' ? null : value;
}

/** A pagination cursor as the API made it, or null for anything that cannot be one. */
export function cursorOf(params: URLSearchParams, name = 'after'): string | null {
  const value = text(params, name);
  return value !== null && value.length <= MAX_CURSOR && /^[A-Za-z0-9+/=_:.-]+$/.test(value) ? value : null;
}

/**
 * A tag as people type it, as the API stores it: no leading "#", NFC (one spelling of "é"),
 * lower-case, spaces turned into hyphens ("#Gériatrie  aiguë" → "gériatrie-aiguë"); null when empty.
 */
export function normalizeTag(raw: string): string | null {
  const tag = raw.trim().replace(/^#+/, '').trim().replace(/\s+/g, '-').normalize('NFC').toLowerCase();
  return tag === '' || tag.length > MAX_TAG ? null : tag;
}

export function parseFeedParams(params: URLSearchParams): FeedParams {
  const room = text(params, 'room');
  const tag = text(params, 'tag');
  return {
    room: room !== null && ROOM.test(room) && room.length <= 60 ? room : null,
    tag: tag === null ? null : normalizeTag(tag),
    after: cursorOf(params),
  };
}

/** The feed's address for these filters (and page); the parameters left null are left out. */
export function feedHref(params: Partial<FeedParams>): string {
  const search = new URLSearchParams();
  if (params.room) search.set('room', params.room);
  if (params.tag) search.set('tag', params.tag);
  if (params.after) search.set('after', params.after);
  const query = search.toString();
  return query ? `/discussion?${query}` : '/discussion';
}

export interface SearchParams {
  query: string;
  after: string | null;
}

export function parseSearchParams(params: URLSearchParams): SearchParams {
  return { query: (text(params, 'q') ?? '').slice(0, MAX_QUERY), after: cursorOf(params) };
}

export function searchHref(query: string, after: string | null = null): string {
  const search = new URLSearchParams({ q: query });
  if (after) search.set('after', after);
  return `/discussion/search?${search.toString()}`;
}
