import { AuditLogQuery } from '$lib/graphql/verification.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { requireAdminFactor, requireViewer } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireAdminFactor(requireViewer(event, ['ADMIN']));
  const after = event.url.searchParams.get('after') || null;
  const { auditLog } = await fromApi(event, () => event.locals.api.request(AuditLogQuery, { first: PAGE_SIZE, after }));
  return { after, entries: auditLog.edges.map((edge) => edge.node), pageInfo: auditLog.pageInfo };
};
