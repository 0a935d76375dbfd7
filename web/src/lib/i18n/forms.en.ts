import type { formsFr } from './forms.fr.ts';

/** English messages of sending forms: the same keys and placeholders as `forms.fr.ts`. */
export const formsEn: Record<keyof typeof formsFr, string> = {
  'reason.idempotency_key_reused':
    'This form was already sent with different content. Reload the page, check whether your submission went through, then send it again if needed.',
  'reason.idempotency_in_progress': 'Your previous submission of this form is still being processed. Wait a few seconds, then try again.',
};
