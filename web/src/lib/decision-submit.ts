import type { SubmitFunction } from '@sveltejs/kit';
import { tick } from 'svelte';

/**
 * The enhancement of a review card's decision forms: once a decision went through, `ondecided`
 * (the card may then leave the list); once refused, focus on the card's first problem.
 */
export function decisionSubmit(card: () => HTMLElement | undefined, ondecided: () => void): SubmitFunction {
  return () =>
    async ({ result, update }) => {
      await update();
      // A decision that went through redirects to the page's clean address, which tells it.
      if (result.type === 'redirect') {
        ondecided();
      } else if (result.type === 'failure') {
        await tick();
        card()?.querySelector<HTMLElement>('[aria-invalid="true"], .card-problem')?.focus();
      }
    };
}
