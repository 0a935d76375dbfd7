/**
 * Actions that ask first, with or without JavaScript. `ConfirmAction` posts its first button
 * without the confirmation field: the action then answers `{ confirm: key }` and the page is
 * served again with the question and its "yes" form (which carries the field). With JavaScript
 * the question opens in place and only the "yes" form is ever posted.
 */
export const CONFIRM_FIELD = 'confirmed';

/** Whether the post is the answer "yes" to the question (not the first click). */
export function isConfirmed(form: FormData): boolean {
  return form.get(CONFIRM_FIELD) === 'yes';
}

/** What an action returns when it must ask first; `key` tells which of a page's actions (and rows). */
export function askToConfirm(key: string): { confirm: string } {
  return { confirm: key };
}

/** The key of a form result asking for confirmation, if it is one. */
export function confirmKey(form: unknown): string | null {
  return form && typeof form === 'object' && 'confirm' in form && typeof form.confirm === 'string' ? form.confirm : null;
}
