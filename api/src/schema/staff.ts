/** Staff and their roles (docs/staff-roles.md): the owner lists staff, grants and withdraws roles. */
import { StaffRole } from '@consilium/db';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { grantRole, staffList, withdrawRole } from '../domain/staff.ts';

export const StaffRoleEnum = builder.enumType(StaffRole, {
  name: 'StaffRole',
  description: 'What a staff (ADMIN) account may do: VERIFIER credentials, MODERATOR discussion, REVIEWER surveys and reports, FINANCE orders and invoices, OWNER staff and the audit log.',
});

const StaffMemberRef = builder.objectRef<{ id: string; email: string; roles: StaffRole[] }>('StaffMember');
StaffMemberRef.implement({
  description: 'A staff account and the roles it holds (owners).',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    roles: t.field({ type: [StaffRoleEnum], resolve: (m) => m.roles }),
  }),
});

builder.prismaObjectFields('Account', (t) => ({
  staffRoles: t.field({
    type: [StaffRoleEnum],
    description: 'The staff roles the account holds (staff only; empty for anyone else). Each works only in a session opened with a second factor.',
    select: { staffRoles: { select: { role: true }, orderBy: { role: 'asc' } } },
    resolve: (account) => account.staffRoles.map((r) => r.role),
  }),
}));

builder.queryField('staffMembers', (t) =>
  t.field({
    type: [StaffMemberRef],
    description: 'Every staff account with its roles, by e-mail (owners; at most 200).',
    authScopes: { owner: true },
    resolve: (_root, _args, ctx) => staffList(ctx.db),
  }),
);

const roleArgs = (t: Parameters<Parameters<typeof builder.mutationField>[1]>[0]) => ({
  accountId: t.arg.id({ required: true, validate: z.uuid({ error: 'invalid' }) }),
  role: t.arg({ type: StaffRoleEnum, required: true }),
  reason: t.arg.string({ required: true, description: 'Why, for the audit log.', validate: z.string().trim().min(3, { error: 'too_short' }).max(1000, { error: 'too_long' }) }),
});

builder.mutationField('grantStaffRole', (t) =>
  t.field({
    type: [StaffMemberRef],
    description: 'Gives a staff account a role (owners; audited with the reason). Returns the staff list.',
    authScopes: { owner: true },
    args: roleArgs(t),
    resolve: async (_root, args, ctx) => {
      await grantRole(ctx.db, ctx.viewer!.accountId, String(args.accountId), args.role, args.reason);
      return staffList(ctx.db);
    },
  }),
);

builder.mutationField('withdrawStaffRole', (t) =>
  t.field({
    type: [StaffMemberRef],
    description: 'Takes a role from a staff account (owners; audited with the reason). The last OWNER role cannot be withdrawn.',
    authScopes: { owner: true },
    args: roleArgs(t),
    resolve: async (_root, args, ctx) => {
      await withdrawRole(ctx.db, ctx.viewer!.accountId, String(args.accountId), args.role, args.reason);
      return staffList(ctx.db);
    },
  }),
);
