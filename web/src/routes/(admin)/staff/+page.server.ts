import { fail } from '@sveltejs/kit';
import type { StaffRole } from '$lib/graphql/operations.ts';
import { GrantStaffRoleMutation, StaffMembersQuery, WithdrawStaffRoleMutation } from '$lib/graphql/staff.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { requireStaff } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const ROLES: readonly StaffRole[] = ['VERIFIER', 'MODERATOR', 'REVIEWER', 'FINANCE', 'OWNER'];
const ID = /^[A-Za-z0-9-]{1,64}$/;
const required = { fields: { reason: { reason: 'missing_reason', message: 'Give a reason.' } }, form: null };

/** What the notice says after a change went through: granted or withdrawn, which role, to whom. */
interface Done {
  change: 'grant' | 'withdraw';
  role: StaffRole;
  email: string;
}
const asDone = (value: unknown): Done | null => {
  if (typeof value !== 'object' || value === null) return null;
  const { change, role, email } = value as Record<string, unknown>;
  return (change === 'grant' || change === 'withdraw') && ROLES.includes(role as StaffRole) && typeof email === 'string' ? { change, role: role as StaffRole, email } : null;
};

/** The owner's page: every staff account and its roles, each role granted or withdrawn with a reason (audited). */
export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireStaff(event, 'OWNER');
  const { staffMembers } = await fromApi(event, () => event.locals.api.request(StaffMembersQuery));
  return { members: staffMembers, roles: ROLES, done: takeFlash(event.cookies, event.url.pathname, asDone) };
};

async function change(event: Parameters<Actions[string]>[0], kind: 'grant' | 'withdraw') {
  requireStaff(event, 'OWNER');
  const form = await event.request.formData();
  const accountId = formText(form, 'accountId');
  const role = formText(form, 'role') as StaffRole;
  const reason = formText(form, 'reason').trim();
  const target = accountId;
  if (!ID.test(accountId) || !ROLES.includes(role)) return fail(400, { target, reason, errors: { fields: {}, form: null } });
  if (reason === '') return fail(400, { target, reason, role, errors: required });
  const { api } = event.locals;
  const result = await attempt(
    async () =>
      kind === 'grant'
        ? (await api.request(GrantStaffRoleMutation, { accountId, role, reason })).grantStaffRole
        : (await api.request(WithdrawStaffRoleMutation, { accountId, role, reason })).withdrawStaffRole,
    ['reason', 'role'] as const,
  );
  if (!result.ok) return fail(result.status, { target, reason, role, errors: result.errors });
  const email = result.data.find((m) => m.id === accountId)?.email ?? '';
  redirectDone(event, { change: kind, role, email });
}

export const actions: Actions = {
  grant: (event) => change(event, 'grant'),
  withdraw: (event) => change(event, 'withdraw'),
};
