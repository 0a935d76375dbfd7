import type { FieldProblem, FormProblem } from '$lib/graphql/errors.ts';
import type { Translator } from './translator.ts';

/** The message for `reason`, the field's own wording first ("reason.password.too_short"). */
function reasonMessage(i18n: Translator, reason: string | null, field?: string): string | null {
  if (reason === null) return null;
  for (const key of [field ? `reason.${field}.${reason}` : null, `reason.${reason}`]) {
    if (key !== null && i18n.has(key)) return i18n.t(key);
  }
  return null;
}

/** What to say next to `field`: the translated reason, else the API's own message. */
export function fieldMessage(i18n: Translator, field: string, problem: FieldProblem | undefined): string | null {
  if (!problem) return null;
  return reasonMessage(i18n, problem.reason, field) ?? problem.message;
}

/** What to say about the whole form. */
export function formMessage(i18n: Translator, problem: FormProblem | null | undefined): string | null {
  if (!problem) return null;
  switch (problem.code) {
    case 'API_UNAVAILABLE':
    // The API is up but PostgreSQL or Redis is not, or a statement took too long: passing, and said the same way.
    case 'SERVICE_UNAVAILABLE':
    case 'TIMEOUT':
      return i18n.t('error.unavailable.body');
    case 'RATE_LIMITED':
      return problem.retryAfterSeconds !== null && problem.retryAfterSeconds > 0
        ? i18n.t('error.rateLimited', { seconds: Math.ceil(problem.retryAfterSeconds) })
        : i18n.t('error.rateLimitedSoon');
  }
  const byReason = reasonMessage(i18n, problem.reason);
  if (byReason) return byReason;
  if (problem.code === 'UNAUTHENTICATED') return i18n.t('error.unauthenticated');
  if (problem.code === 'FORBIDDEN') return i18n.t('error.forbidden');
  return problem.message;
}
