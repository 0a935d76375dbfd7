import type { SubmitFunction } from '@sveltejs/kit';
import type { Action } from 'svelte/action';
import { clearDraft, readDraft, saveDraft } from './drafts.ts';

/**
 * `use:keepDraft={key}` on a textarea: what is typed is kept in this browser under `key` as the
 * reader types, and an empty field is filled again from it after a reload (the element then gets
 * a `draftrestored` event, for the form to say so). A field already holding a text (an edit) is
 * filled from the draft only while the reader has not changed it. `publishedDraft(key)` clears it once published.
 */
export const keepDraft: Action<HTMLTextAreaElement, string, { ondraftrestored: (event: CustomEvent) => void }> = (node, key) => {
  if (node.value === node.defaultValue) {
    const draft = readDraft(localStorage, key);
    if (draft && draft !== node.value) {
      node.value = draft;
      node.dispatchEvent(new CustomEvent('draftrestored'));
    }
  }
  const save = () => saveDraft(localStorage, key, node.value);
  node.addEventListener('input', save);
  return {
    destroy: () => node.removeEventListener('input', save),
  };
};

/** Forgets a draft (published, or discarded by the reader). */
export const forgetDraft = (key: string) => clearDraft(localStorage, key);

/**
 * The enhancement of a form whose text is kept as a draft: once it went through (a redirect),
 * the draft is forgotten, the field emptied and the redirect followed; a refusal keeps both.
 */
export function publishedDraft(key: string, ondone?: () => void): SubmitFunction {
  return ({ formElement }) =>
    async ({ result, update }) => {
      if (result.type === 'redirect') {
        forgetDraft(key);
        HTMLFormElement.prototype.reset.call(formElement);
      }
      await update();
      if (result.type === 'redirect') ondone?.();
    };
}
