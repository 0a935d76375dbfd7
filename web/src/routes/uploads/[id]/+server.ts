import { env } from '$lib/server/env.ts';
import { SESSION_COOKIE } from '$lib/server/session.ts';
import { proxyImage } from '$lib/server/uploads.ts';
import type { RequestHandler } from './$types';

/** A case image, for whoever the API lets see it (verified physicians). */
export const GET: RequestHandler = async (event) => {
  const token = event.cookies.get(SESSION_COOKIE);
  if (!token || !event.locals.viewer) return new Response(null, { status: 401, headers: { 'cache-control': 'no-store' } });
  return proxyImage(event.params.id, { apiUrl: env.apiUrl, token, clientAddress: event.getClientAddress() });
};
