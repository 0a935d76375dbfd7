import { redirect } from '@sveltejs/kit';
import { ExportMyDataQuery } from '$lib/graphql/account.ts';
import { fromApi } from '$lib/server/api-load.ts';
import type { RequestHandler } from './$types';

/** The member's data as a JSON download (GDPR Art. 15, 20): asked of the API now, kept nowhere. */
export const GET: RequestHandler = async (event) => {
  if (!event.locals.viewer) redirect(303, '/login?redirectTo=/');
  const { exportMyData } = await fromApi(event, () => event.locals.api.request(ExportMyDataQuery));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(exportMyData, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="consilium-data-${day}.json"`,
      'cache-control': 'private, no-store',
    },
  });
};
