/**
 * Staff roles (least privilege, docs/staff-roles.md): the one rule that decides whether a viewer
 * may act in a role, and the owner's grants and withdrawals, each audited with its reason.
 */
import type { Db } from '@consilium/db';
import { badInput } from '../errors.ts';
import type { StaffRole, Viewer } from './sessions.ts';

export const STAFF_ROLES: readonly StaffRole[] = ['VERIFIER', 'MODERATOR', 'REVIEWER', 'FINANCE', 'OWNER'];

/**
 * The one rule for a staff role: an ADMIN account that holds the role, in a session opened with
 * a second factor. A stolen admin password alone opens nothing, and each admin opens only the
 * operations of the roles an owner gave them.
 */
export function staffHas(viewer: Viewer | null, role: StaffRole): boolean {
  return viewer?.role === 'ADMIN' && viewer.secondFactor && viewer.staffRoles.includes(role);
}

/** At most this many staff accounts are listed: a team, not a population. */
export const STAFF_LIST_BOUND = 200;

/** Every ADMIN account with the roles it holds, by e-mail. */
export async function staffList(db: Db) {
  const rows = await db.account.findMany({
    where: { role: 'ADMIN' },
    select: { id: true, email: true, staffRoles: { select: { role: true }, orderBy: { role: 'asc' } } },
    orderBy: [{ email: 'asc' }],
    take: STAFF_LIST_BOUND,
  });
  return rows.map((row) => ({ id: row.id, email: row.email, roles: row.staffRoles.map((r) => r.role) }));
}

const notStaff = () => badInput('accountId', 'not_found', 'accountId names no staff account.');

/** Gives an ADMIN account a role it does not hold; audited with the reason. */
export async function grantRole(db: Db, actorId: string, accountId: string, role: StaffRole, reason: string) {
  await db.$transaction(async (tx) => {
    const target = await tx.account.findFirst({ where: { id: accountId, role: 'ADMIN' }, select: { id: true } });
    if (!target) throw notStaff();
    const { count } = await tx.staffRoleGrant.createMany({ data: [{ accountId, role }], skipDuplicates: true });
    if (count === 0) throw badInput('role', 'wrong_state', `The account already holds ${role}.`);
    await tx.auditEntry.create({ data: { actorId, action: `staff.grant.${role}`, targetType: 'account', targetId: accountId, reason } });
  });
}

/**
 * Takes a role from an ADMIN account; audited with the reason. The last OWNER role of the system
 * cannot go: nobody could then manage the staff. The OWNER rows are locked first, so that two
 * owners withdrawing each other at once cannot both succeed.
 */
export async function withdrawRole(db: Db, actorId: string, accountId: string, role: StaffRole, reason: string) {
  await db.$transaction(async (tx) => {
    const target = await tx.account.findFirst({ where: { id: accountId, role: 'ADMIN' }, select: { id: true } });
    if (!target) throw notStaff();
    if (role === 'OWNER') {
      const owners = await tx.$queryRaw<Array<{ account_id: string }>>`
        SELECT account_id::text FROM staff_role WHERE role = 'OWNER' ORDER BY account_id FOR UPDATE`;
      if (owners.length <= 1 && owners.some((o) => o.account_id === accountId)) {
        throw badInput('role', 'last_owner', 'The last OWNER role cannot be withdrawn: grant it to another staff member first.');
      }
    }
    const { count } = await tx.staffRoleGrant.deleteMany({ where: { accountId, role } });
    if (count === 0) throw badInput('role', 'wrong_state', `The account does not hold ${role}.`);
    await tx.auditEntry.create({ data: { actorId, action: `staff.withdraw.${role}`, targetType: 'account', targetId: accountId, reason } });
  });
}
