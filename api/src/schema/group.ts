/** Peer groups (#16 point 2): a group, its members and invitations; rules in domain/groups. */
import { queryFromInfo } from '@pothos/plugin-prisma';
import { GroupKind, GroupRole } from '@consilium/db';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { viewerKey } from '../domain/discussion/actor.ts';
import { type GroupArgs, createGroup, createInvite, joinGroup, leaveGroup, removeMember, revokeInvite, setMentor, transferOwnership } from '../domain/groups/membership.ts';
import { decodeCursor, encodeCursor, pageSize, toPage } from './connection.ts';
import { ThreadConnection } from './thread.ts';

const GroupKindEnum = builder.enumType(GroupKind, { name: 'GroupKind', description: 'GLEM (a local peer group), a hospital team, a residents’ cohort, or other.' });
const GroupRoleEnum = builder.enumType(GroupRole, { name: 'GroupRole', description: 'OWNER (one per group), MENTOR (a referent physician), MEMBER.' });

/** The viewer's own membership row, selected with the group. */
const myMembership = (ctx: Parameters<typeof viewerKey>[0]) => ({ where: { pseudonym: { is: { key: viewerKey(ctx) } } }, select: { role: true } });
/** A group of the viewer's: the condition every read of a group carries. */
export const myGroup = (ctx: Parameters<typeof viewerKey>[0]) => ({ members: { some: { pseudonym: { is: { key: viewerKey(ctx) } } } } });

builder.prismaObject('GroupMember', {
  description: 'A member of a group, by pseudonym only.',
  fields: (t) => ({
    pseudonym: t.relation('pseudonym'),
    role: t.expose('role', { type: GroupRoleEnum }),
    mentor: t.boolean({ description: 'Marked as a mentor (the group’s referent physician).', resolve: (m) => m.role === 'MENTOR' }),
  }),
});

const GroupInviteRef = builder.prismaObject('GroupInvite', {
  description: 'An invitation code of a group, as its owner sees it (the code itself is shown once, when made).',
  fields: (t) => ({
    id: t.exposeID('id'),
    uses: t.exposeInt('uses'),
    maxUses: t.exposeInt('maxUses', { nullable: true }),
    expiresOn: t.string({ nullable: true, description: 'The last day it can be used (YYYY-MM-DD, UTC).', resolve: (i) => i.expiresOn?.toISOString().slice(0, 10) ?? null }),
    revoked: t.exposeBoolean('revoked'),
  }),
});

export const PeerGroupRef = builder.prismaObject('PeerGroup', {
  description: 'A peer group: only its members see it, its members and its threads.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    kind: t.expose('kind', { type: GroupKindEnum }),
    myRole: t.field({ type: GroupRoleEnum, select: (_args, ctx) => ({ members: myMembership(ctx) }), resolve: (g) => g.members[0]?.role ?? 'MEMBER' }),
    members: t.relation('members', { description: 'Owner first, then mentors, then members.', query: { orderBy: [{ role: 'asc' }, { pseudonymId: 'asc' }] } }),
    memberCount: t.relationCount('members'),
    invites: t.field({
      type: [GroupInviteRef],
      description: 'The group’s invitations; empty for anyone but the owner.',
      select: (_args, ctx, nested) => ({ members: myMembership(ctx), invites: nested({ orderBy: { id: 'asc' } }) }),
      resolve: (g) => (g.members[0]?.role === 'OWNER' ? g.invites : []),
    }),
    threads: t.field({
      type: ThreadConnection,
      description: 'The group’s threads, newest activity first; keyset on (lastActivityAt, id).',
      args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      resolve: async (group, args, ctx, info) => {
        const first = pageSize(args.first, 20);
        const cursor = decodeCursor(args.after);
        const query = queryFromInfo({ context: ctx, info, typeName: 'Thread', path: ['edges', 'node'] });
        const rows = await ctx.db.thread.findMany({
          ...query,
          where: { groupId: group.id, ...(cursor && { OR: [{ lastActivityAt: { lt: cursor.at } }, { lastActivityAt: cursor.at, id: { lt: cursor.id } }] }) },
          orderBy: [{ lastActivityAt: 'desc' }, { id: 'desc' }],
          take: first + 1,
        });
        return toPage(rows, first, (r) => encodeCursor(r.lastActivityAt, r.id));
      },
    }),
  }),
});

const id = z.uuid();

builder.queryField('myGroups', (t) =>
  t.prismaField({
    type: ['PeerGroup'],
    description: 'The groups the viewer is a member of, by name (at most 100).',
    authScopes: { verifiedPhysician: true },
    resolve: (query, _root, _args, ctx) => ctx.db.peerGroup.findMany({ ...query, where: myGroup(ctx), orderBy: [{ name: 'asc' }, { id: 'asc' }], take: 100 }),
  }),
);

builder.queryField('group', (t) =>
  t.prismaField({
    type: 'PeerGroup',
    nullable: true,
    description: 'One of the viewer’s groups; null when the viewer is not a member (as when no group has this id).',
    authScopes: { verifiedPhysician: true },
    args: { id: t.arg.id({ required: true, validate: id }) },
    resolve: (query, _root, args, ctx) => ctx.db.peerGroup.findFirst({ ...query, where: { id: String(args.id), ...myGroup(ctx) } }),
  }),
);

const GroupInput = builder.inputType('GroupInput', {
  description: 'A new group: a name of 3 to 80 characters, a description of at most 1000, a kind.',
  fields: (t) => ({
    name: t.string({ required: true, validate: z.string().trim().min(3).max(80) }),
    description: t.string({ validate: z.string().trim().max(1000).optional().nullable() }),
    kind: t.field({ type: GroupKindEnum, required: true }),
  }),
});

builder.mutationField('createGroup', (t) =>
  t.prismaField({
    type: 'PeerGroup',
    description: 'Creates a group owned by the viewer’s pseudonym.',
    authScopes: { verifiedPhysician: true },
    args: { input: t.arg({ type: GroupInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => ctx.db.peerGroup.findUniqueOrThrow({ ...query, where: { id: await createGroup(ctx, input as GroupArgs) } }),
  }),
);

const GroupInviteCode = builder.objectRef<{ code: string; invite: object }>('GroupInviteCode');
GroupInviteCode.implement({
  description: 'A new invitation: the code, shown this once (only its hash is kept), and the invitation.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Joins with joinGroup(code), or the link /groups/join/<code>.' }),
    invite: t.field({ type: GroupInviteRef, resolve: (c) => c.invite as never }),
  }),
});

builder.mutationField('createGroupInvite', (t) =>
  t.field({
    type: GroupInviteCode,
    description: 'The owner makes an invitation code, optionally limited in uses and to a last day (YYYY-MM-DD).',
    authScopes: { verifiedPhysician: true },
    args: {
      groupId: t.arg.id({ required: true, validate: id }),
      maxUses: t.arg.int({ validate: z.number().int().min(1).max(1000).optional().nullable() }),
      expiresOn: t.arg.string({ validate: z.iso.date().optional().nullable() }),
    },
    resolve: (_root, args, ctx) => createInvite(ctx, String(args.groupId), { maxUses: args.maxUses, expiresOn: args.expiresOn ? new Date(args.expiresOn) : null }),
  }),
);

builder.mutationField('revokeGroupInvite', (t) =>
  t.boolean({
    description: 'The owner revokes an invitation: its code no longer joins.',
    authScopes: { verifiedPhysician: true },
    args: { inviteId: t.arg.id({ required: true, validate: id }) },
    resolve: async (_root, args, ctx) => (await revokeInvite(ctx, String(args.inviteId)), true),
  }),
);

builder.mutationField('joinGroup', (t) =>
  t.prismaField({
    type: 'PeerGroup',
    description: 'Joins the group of an invitation code.',
    authScopes: { verifiedPhysician: true },
    args: { code: t.arg.string({ required: true, validate: z.string().trim().min(1).max(100) }) },
    resolve: async (query, _root, args, ctx) => ctx.db.peerGroup.findUniqueOrThrow({ ...query, where: { id: await joinGroup(ctx, args.code) } }),
  }),
);

builder.mutationField('leaveGroup', (t) =>
  t.boolean({
    description: 'Leaves a group; its owner must transfer ownership first, unless they are its last member.',
    authScopes: { verifiedPhysician: true },
    args: { groupId: t.arg.id({ required: true, validate: id }) },
    resolve: async (_root, args, ctx) => (await leaveGroup(ctx, String(args.groupId)), true),
  }),
);

const memberArgs = (t: Parameters<Parameters<typeof builder.mutationField>[1]>[0]) => ({
  groupId: t.arg.id({ required: true, validate: id }),
  pseudonymId: t.arg.id({ required: true, validate: id }),
});

builder.mutationField('removeGroupMember', (t) =>
  t.boolean({
    description: 'The owner removes a member.',
    authScopes: { verifiedPhysician: true },
    args: memberArgs(t),
    resolve: async (_root, args, ctx) => (await removeMember(ctx, String(args.groupId), String(args.pseudonymId)), true),
  }),
);

builder.mutationField('transferGroupOwnership', (t) =>
  t.prismaField({
    type: 'PeerGroup',
    description: 'The owner hands the group to another member and stays as a member.',
    authScopes: { verifiedPhysician: true },
    args: memberArgs(t),
    resolve: async (query, _root, args, ctx) => {
      await transferOwnership(ctx, String(args.groupId), String(args.pseudonymId));
      return ctx.db.peerGroup.findUniqueOrThrow({ ...query, where: { id: String(args.groupId) } });
    },
  }),
);

builder.mutationField('setGroupMentor', (t) =>
  t.prismaField({
    type: 'PeerGroup',
    description: 'The owner marks a member as a mentor, or unmarks them.',
    authScopes: { verifiedPhysician: true },
    args: { ...memberArgs(t), mentor: t.arg.boolean({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      await setMentor(ctx, String(args.groupId), String(args.pseudonymId), args.mentor);
      return ctx.db.peerGroup.findUniqueOrThrow({ ...query, where: { id: String(args.groupId) } });
    },
  }),
);
