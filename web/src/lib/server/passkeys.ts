/** The account page's passkey actions and the JSON endpoints that hand WebAuthn options to the browser (#14). */
import { fail, json, redirect, type RequestEvent } from '@sveltejs/kit';
import {
  FinishPasskeyRegistrationMutation,
  RemovePasskeyMutation,
  RenamePasskeyMutation,
  StartPasskeyRegistrationMutation,
  StartPasskeySignInMutation,
} from '$lib/graphql/passkeys.ts';
import { attempt, formText } from './api-action.ts';
import { noticeReader, redirectDone } from './flash.ts';

/** What the passkey actions below tell the account page once, read from the flash. */
export const passkeyNoticeOf = noticeReader(['passkey-added', 'passkey-renamed', 'passkey-removed']);

const NO_STORE = { 'cache-control': 'private, no-store' };

/**
 * The options (JSON from the API) for the browser's WebAuthn call, or `{ problem }` with the
 * API's reason (rate limited, API down…) for the page to explain.
 */
async function optionsResponse(run: () => Promise<string>) {
  const result = await attempt(run, [] as const);
  if (!result.ok) return json({ problem: result.errors.form?.code ?? 'unavailable' }, { status: result.status, headers: NO_STORE });
  return new Response(result.data, { headers: { 'content-type': 'application/json', ...NO_STORE } });
}

export async function registrationOptions(event: RequestEvent) {
  if (!event.locals.viewer) return json({ problem: 'UNAUTHENTICATED' }, { status: 401 });
  return optionsResponse(async () => (await event.locals.api.request(StartPasskeyRegistrationMutation)).startPasskeyRegistration);
}

export async function signInOptions(event: RequestEvent) {
  return optionsResponse(async () => (await event.locals.api.request(StartPasskeySignInMutation)).startPasskeySignIn);
}

export async function addPasskeyAction(event: RequestEvent) {
  if (!event.locals.viewer) redirect(303, '/login');
  const form = await event.request.formData();
  const name = formText(form, 'name').trim();
  const response = formText(form, 'response');
  const result = await attempt(() => event.locals.api.request(FinishPasskeyRegistrationMutation, { response, name }), ['name', 'response'] as const);
  if (!result.ok) return fail(result.status, { passkeyAdd: result.errors, passkeyName: name });
  redirectDone(event, 'passkey-added', 'passkeys-heading');
}

export async function renamePasskeyAction(event: RequestEvent) {
  if (!event.locals.viewer) redirect(303, '/login');
  const form = await event.request.formData();
  const id = formText(form, 'id');
  const name = formText(form, 'name').trim();
  const result = await attempt(() => event.locals.api.request(RenamePasskeyMutation, { id, name }), ['name'] as const);
  if (!result.ok) return fail(result.status, { passkeyEdit: result.errors, passkeyId: id });
  redirectDone(event, 'passkey-renamed', 'passkeys-heading');
}

export async function removePasskeyAction(event: RequestEvent) {
  if (!event.locals.viewer) redirect(303, '/login');
  const id = formText(await event.request.formData(), 'id');
  const result = await attempt(() => event.locals.api.request(RemovePasskeyMutation, { id }), ['id'] as const);
  if (!result.ok) return fail(result.status, { passkeyEdit: result.errors, passkeyId: id });
  redirectDone(event, 'passkey-removed', 'passkeys-heading');
}
