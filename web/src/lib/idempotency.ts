/**
 * The idempotency key of a form: made once per rendering of the form (`SubmitOnce.svelte`), sent
 * back with it, and passed by the action to the API as `Idempotency-Key` (`idempotentApi` in
 * $lib/server/idempotency.ts), so that a double submit or a retry creates once.
 */
export const IDEMPOTENCY_FIELD = 'idempotencyKey';

/** What the API accepts as a key (16 to 128 of A-Z a-z 0-9 - _ . :). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{16,128}$/;

/** 128 random bits, as 32 hex digits (crypto.getRandomValues works on plain http too, unlike randomUUID). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
