import { fail } from '@sveltejs/kit';
import { askToConfirm, isConfirmed } from '$lib/confirm.ts';
import { MarkOrderPaidMutation, OrdersQuery } from '$lib/graphql/reports.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { requireStaff, requireViewer, stepUpIfAsked } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

/** The invoice number of the order just marked paid, told once after the redirect. */
const asPaid = (value: unknown): string | null =>
  typeof value === 'object' && value !== null && 'paid' in value && typeof value.paid === 'string' ? value.paid : null;

const PAGE_SIZE = 20;

/** Clients see their organisation's orders; admins see every order and mark them paid. A page at a time. */
export const load: PageServerLoad = async (event) => {
  const viewer = requireViewer(event, ['CLIENT', 'ADMIN']);
  if (viewer.role === 'ADMIN') requireStaff(event, 'FINANCE');
  const after = event.url.searchParams.get('after') || null;
  const { ordersPage } = await fromApi(event, () => event.locals.api.request(OrdersQuery, { first: PAGE_SIZE, after }));
  return { orders: ordersPage.edges.map((edge) => edge.node), after, pageInfo: ordersPage.pageInfo, admin: viewer.role === 'ADMIN' && viewer.staffRoles.includes('FINANCE'), paid: takeFlash(event.cookies, event.url.pathname, asPaid) };
};

export const actions: Actions = {
  markPaid: async (event) => {
    requireStaff(event, 'FINANCE');
    const form = await event.request.formData();
    const orderId = formText(form, 'orderId');
    if (!isConfirmed(form)) return askToConfirm(`markPaid:${orderId}`);
    const result = await attempt(() => event.locals.api.request(MarkOrderPaidMutation, { orderId }), []);
    if (!result.ok) {
      stepUpIfAsked(event.url, result.errors.form?.code, `markPaid:${orderId}`);
      return fail(result.status, { orderId, errors: result.errors });
    }
    redirectDone(event, { paid: result.data.markOrderPaid.invoiceNumber });
  },
};
