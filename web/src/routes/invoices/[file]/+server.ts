import { error, redirect } from '@sveltejs/kit';
import { forwardFile, INVOICE_FILE } from '$lib/server/api-files.ts';
import { env } from '$lib/server/env.ts';
import { requireViewer } from '$lib/server/guards.ts';
import { loginPathFor } from '$lib/server/return-path.ts';
import { SESSION_COOKIE } from '$lib/server/session.ts';
import type { RequestHandler } from './$types';

/**
 * An order's invoice, as PDF or printable HTML (`Order.invoicePdfUrl` / `invoiceHtmlUrl`),
 * fetched from the API with the session: the API lets the owning client and admins have it.
 * It is asked in the visitor's language (the one the site is shown in: `lang` cookie, else the
 * browser's Accept-Language), sent as Accept-Language: the API writes it in French or English.
 */
export const GET: RequestHandler = async (event) => {
  requireViewer(event, ['CLIENT', 'ADMIN']);
  if (!INVOICE_FILE.test(event.params.file)) error(404, 'Not found');
  const answer = await forwardFile({
    apiUrl: env.apiUrl,
    path: `/invoices/${event.params.file}`,
    token: event.cookies.get(SESSION_COOKIE) ?? null,
    acceptLanguage: event.locals.locale,
  });
  if (answer.ok) return answer.response;
  if (answer.status === 401) redirect(303, loginPathFor(event.url));
  error(answer.status, answer.status === 503 ? 'API unavailable' : 'Not available');
};
