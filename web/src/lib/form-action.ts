import type { SubmitFunction } from '@sveltejs/kit';
import { goto } from '$app/navigation';

/**
 * The enhancement of a form whose action redirects to its own page once done (see
 * $lib/server/flash.ts): the page's data comes again (with its notice) where the reader is, no
 * scrolling to the top, focus kept, then `ondone`; a refusal renders in place.
 */
export function stayOnRedirect(ondone?: () => void, reset = false): SubmitFunction {
  return () =>
    async ({ result, update }) => {
      if (result.type === 'redirect') {
        await goto(result.location, { invalidateAll: true, noScroll: true, keepFocus: true });
        ondone?.();
      } else {
        await update({ reset });
      }
    };
}

/**
 * The enhancement for a form whose success is told by the page's notice: the redirect is followed
 * as usual, then the notice takes the focus (a screen reader reads it, the keyboard goes on from
 * there); a refusal renders in place.
 */
export function focusNoticeAfter(notice: () => HTMLElement | undefined): SubmitFunction {
  return () =>
    async ({ result, update }) => {
      await update();
      if (result.type === 'redirect') notice()?.focus();
    };
}

/**
 * The enhancement of a form the reader types into (a reply): once it went through, the field is
 * emptied and the redirect followed (to the new post's anchor); a refusal renders in place.
 */
export function clearOnRedirect(): SubmitFunction {
  return ({ formElement }) =>
    async ({ result, update }) => {
      if (result.type === 'redirect') HTMLFormElement.prototype.reset.call(formElement);
      await update();
    };
}

/**
 * The enhancement of a form with an error summary: the page renders the answer in place (the
 * typed values kept unless `reset`), then the summary takes the focus (it says what to fix).
 */
export function focusSummaryAfter(summary: () => { focus(): void } | undefined, reset = false): SubmitFunction {
  return () =>
    async ({ update }) => {
      await update({ reset });
      summary()?.focus();
    };
}
