/**
 * Coming back from a step-up (docs/second-factors.md): the action that asked for it was not done,
 * so the page it came from is opened again with `?again=<key>` — the page's own key of that action
 * and its row (`markPaid:<order id>`, `approve:<credential id>`) — and the page puts the focus on
 * that action (the question already open, or its button), while the layout says why.
 * A query parameter, not a cookie or a hash: the server renders the focused form, with or without
 * JavaScript, and nothing is stored. `withoutAction` drops it once the action is done.
 */
export const AGAIN_PARAM = 'again';

/** The key of the action to do again after a step-up, if the page was opened for one. */
export function againKey(url: URL): string | null {
  return url.searchParams.get(AGAIN_PARAM);
}
