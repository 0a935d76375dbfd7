import type { ApiClient } from '$lib/graphql/client.ts';
import { IDEMPOTENCY_FIELD, IDEMPOTENCY_KEY } from '$lib/idempotency.ts';

/**
 * The request's API client, sending the form's idempotency key (the hidden input of
 * `SubmitOnce.svelte`) so that a double submit or a retry of this form creates once. A form
 * without a well-formed key (an old page, a script) is sent without one.
 */
export function idempotentApi(locals: App.Locals, form: FormData): ApiClient {
  const key = form.get(IDEMPOTENCY_FIELD);
  return locals.api.idempotent(typeof key === 'string' && IDEMPOTENCY_KEY.test(key) ? key : null);
}
