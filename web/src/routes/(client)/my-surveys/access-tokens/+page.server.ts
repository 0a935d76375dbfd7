import { fail } from '@sveltejs/kit';
import { expiryFor, TOKEN_SCOPES, type TokenScope } from '$lib/access-tokens.ts';
import { askToConfirm, isConfirmed } from '$lib/confirm.ts';
import { CreateAccessTokenMutation, MyAccessTokensQuery, RevokeAccessTokenMutation } from '$lib/graphql/access-tokens.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { requireViewer } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';


const asRevoked = (value: unknown): string | null =>
  typeof value === 'object' && value !== null && 'revoked' in value && typeof value.revoked === 'string' ? value.revoked : null;

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['CLIENT']);
  const { myAccessTokens } = await fromApi(event, () => event.locals.api.request(MyAccessTokensQuery));
  return { tokens: myAccessTokens, revoked: takeFlash(event.cookies, event.url.pathname, asRevoked) };
};

export const actions: Actions = {
  // The token comes back in this answer only: never through a redirect's cookie, never stored.
  create: async (event) => {
    requireViewer(event, ['CLIENT']);
    const form = await event.request.formData();
    const name = formText(form, 'name').trim();
    const scopes = form.getAll('scopes').filter((s): s is TokenScope => TOKEN_SCOPES.includes(s as TokenScope));
    const expiry = formText(form, 'expiry');
    const input = { name, scopes, expiresAt: expiryFor(expiry) };
    const result = await attempt(() => event.locals.api.request(CreateAccessTokenMutation, { input }), ['name', 'scopes', 'expiresAt']);
    const values = { name, scopes, expiry };
    if (!result.ok) return fail(result.status, { values, errors: result.errors });
    const { token, accessToken } = result.data.createAccessToken;
    return { created: { token, name: accessToken.name } };
  },
  revoke: async (event) => {
    requireViewer(event, ['CLIENT']);
    const form = await event.request.formData();
    const id = formText(form, 'id');
    if (!isConfirmed(form)) return askToConfirm(`revoke:${id}`);
    const result = await attempt(() => event.locals.api.request(RevokeAccessTokenMutation, { id }), ['id']);
    if (!result.ok) return fail(result.status, { revokeId: id, errors: result.errors });
    redirectDone(event, { revoked: result.data.revokeAccessToken.name });
  },
};
