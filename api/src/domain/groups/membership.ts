/**
 * Peer groups: creating one, invitations, joining, leaving, removing a member, handing over
 * ownership and marking mentors. Members are pseudonyms (found by HMAC key, as for any write);
 * a group the viewer is not in answers as one that does not exist. Each change is one
 * transaction that locks the group's member rows, so two changes at once cannot leave a group
 * with no owner or two.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { GroupKind, GroupRole, Prisma } from '@consilium/db';
import type { Context } from '../../context.ts';
import { badInput, forbidden } from '../../errors.ts';
import { chargeWriter, viewerPseudonym } from '../discussion/actor.ts';

type Tx = Prisma.TransactionClient;

export const NO_GROUP = 'groupId: no group of yours has this id.';
const NO_MEMBER = 'pseudonymId: no member of this group has this id.';

/** The stored form of an invitation code: its SHA-256 (the code has 120 random bits). */
export const hashCode = (code: string) => createHash('sha256').update(code.trim()).digest();

/** Today (UTC) as a DATE: an invitation expires at the end of a day, never at a time of day. */
const today = () => new Date(new Date().toISOString().slice(0, 10));

/** The viewer's pseudonym id, or refused as for any discussion write. */
async function me(ctx: Context): Promise<string> {
  const pseudonym = await viewerPseudonym(ctx);
  if (!pseudonym) throw forbidden('Only a verified physician with a pseudonym can take part in groups.');
  return pseudonym.id;
}

/** The group's members, locked for the change, with the viewer's own role; not found for a non-member. */
async function lockMembers(tx: Tx, groupId: string, pseudonymId: string) {
  const members = await tx.$queryRaw<Array<{ pseudonym_id: string; role: GroupRole }>>`
    SELECT pseudonym_id::text, role FROM group_member WHERE group_id = ${groupId}::uuid ORDER BY pseudonym_id FOR UPDATE`;
  const mine = members.find((m) => m.pseudonym_id === pseudonymId);
  if (!mine) throw badInput('groupId', 'not_found', NO_GROUP);
  return { members, role: mine.role };
}

async function asOwner(tx: Tx, groupId: string, pseudonymId: string) {
  const locked = await lockMembers(tx, groupId, pseudonymId);
  if (locked.role !== 'OWNER') throw forbidden('Only the group’s owner can do this.');
  return locked;
}

export interface GroupArgs {
  name: string;
  description?: string | null;
  kind: GroupKind;
}

export async function createGroup(ctx: Context, input: GroupArgs): Promise<string> {
  const owner = await chargeWriter(ctx, ctx.rateLimits.threads);
  const group = await ctx.db.peerGroup.create({
    data: { name: input.name, description: input.description ?? '', kind: input.kind, members: { create: { pseudonymId: owner.id, role: 'OWNER' } } },
    select: { id: true },
  });
  return group.id;
}

/** A new invitation code: shown once to the owner, stored as its hash. */
export async function createInvite(ctx: Context, groupId: string, opts: { maxUses?: number | null; expiresOn?: Date | null }) {
  const pseudonymId = await me(ctx);
  if (opts.expiresOn && opts.expiresOn < today()) throw badInput('expiresOn', 'past_date', 'expiresOn: must be today or later.');
  const code = randomBytes(15).toString('base64url');
  const invite = await ctx.db.$transaction(async (tx) => {
    await asOwner(tx, groupId, pseudonymId);
    return tx.groupInvite.create({ data: { groupId, codeHash: hashCode(code), maxUses: opts.maxUses ?? null, expiresOn: opts.expiresOn ?? null } });
  });
  return { code, invite };
}

export async function revokeInvite(ctx: Context, inviteId: string): Promise<void> {
  const pseudonymId = await me(ctx);
  await ctx.db.$transaction(async (tx) => {
    const invite = await tx.groupInvite.findUnique({ where: { id: inviteId }, select: { groupId: true } });
    const owner = invite && (await tx.groupMember.findFirst({ where: { groupId: invite.groupId, pseudonymId, role: 'OWNER' } }));
    if (!invite || !owner) throw badInput('inviteId', 'not_found', 'inviteId: no invitation of a group you own has this id.');
    await tx.groupInvite.update({ where: { id: inviteId }, data: { revoked: true } });
  });
}

/** Joins the group of a valid code (a member already in it stays as they are); returns the group's id. */
export async function joinGroup(ctx: Context, code: string): Promise<string> {
  const joiner = await chargeWriter(ctx, ctx.rateLimits.replies);
  return ctx.db.$transaction(async (tx) => {
    const [invite] = await tx.$queryRaw<Array<{ id: string; group_id: string; uses: number; max_uses: number | null; expires_on: Date | null; revoked: boolean }>>`
      SELECT id::text, group_id::text, uses, max_uses, expires_on, revoked FROM group_invite WHERE code_hash = ${hashCode(code)} FOR UPDATE`;
    // Revoked, expired, used up or unknown: one answer, so a code cannot be probed for which.
    const usable = invite && !invite.revoked && (invite.max_uses === null || invite.uses < invite.max_uses) && (invite.expires_on === null || invite.expires_on >= today());
    if (!usable) throw badInput('code', 'invalid_token', 'code: this invitation is not valid (unknown, revoked, expired or used up).');
    const added = await tx.groupMember.createMany({ data: [{ groupId: invite.group_id, pseudonymId: joiner.id }], skipDuplicates: true });
    if (added.count > 0) await tx.groupInvite.update({ where: { id: invite.id }, data: { uses: { increment: 1 } } });
    return invite.group_id;
  });
}

/**
 * Takes a pseudonym out of a group (its member rows locked by the caller): the membership goes,
 * and with it its follows of the group and of the group's threads, which could no longer notify
 * it anyway (the fan-out notifies members only). The last member out archives the group: its
 * invitations are revoked, so that nobody can join a group without an owner.
 */
async function takeOut(tx: Tx, groupId: string, pseudonymId: string, membersLeft: number) {
  await tx.groupMember.delete({ where: { groupId_pseudonymId: { groupId, pseudonymId } } });
  await tx.$executeRaw`
    DELETE FROM follow WHERE pseudonym_id = ${pseudonymId}::uuid
      AND ((target_kind = 'GROUP' AND target = ${groupId}) OR (target_kind = 'THREAD' AND target IN (SELECT id::text FROM thread WHERE group_id = ${groupId}::uuid)))`;
  if (membersLeft === 0) await tx.groupInvite.updateMany({ where: { groupId, revoked: false }, data: { revoked: true } });
}

/** Leaves a group. The owner must hand over first, unless they are its last member. */
export async function leaveGroup(ctx: Context, groupId: string): Promise<void> {
  const pseudonymId = await me(ctx);
  await ctx.db.$transaction(async (tx) => {
    const { members, role } = await lockMembers(tx, groupId, pseudonymId);
    if (role === 'OWNER' && members.length > 1) {
      throw badInput('groupId', 'last_owner', 'groupId: you own this group; transfer its ownership to another member before leaving.');
    }
    await takeOut(tx, groupId, pseudonymId, members.length - 1);
  });
}

/** The owner removes a member (not themself: they leave). */
export async function removeMember(ctx: Context, groupId: string, memberId: string): Promise<void> {
  const pseudonymId = await me(ctx);
  await ctx.db.$transaction(async (tx) => {
    const { members } = await asOwner(tx, groupId, pseudonymId);
    if (memberId === pseudonymId || !members.some((m) => m.pseudonym_id === memberId)) throw badInput('pseudonymId', 'not_found', NO_MEMBER);
    await takeOut(tx, groupId, memberId, members.length - 1);
  });
}

/**
 * A deleted account's pseudonym leaves every group it is in (docs/groups.md, "When the owner's
 * account is deleted"). Where it owned the group, ownership passes to the longest-standing mentor,
 * else to the longest-standing member (rank of arrival, then pseudonym id); a group left with no
 * member is archived (takeOut). Runs in the erasure's pseudonym-side transaction.
 */
export async function leaveAllGroups(tx: Tx, pseudonymId: string): Promise<void> {
  const groups = await tx.groupMember.findMany({ where: { pseudonymId }, select: { groupId: true }, orderBy: { groupId: 'asc' } });
  for (const { groupId } of groups) {
    // Locked in the order every change of the group locks them (lockMembers).
    const members = await tx.$queryRaw<Array<{ pseudonym_id: string; role: GroupRole; seniority: number }>>`
      SELECT pseudonym_id::text, role, seniority FROM group_member WHERE group_id = ${groupId}::uuid ORDER BY pseudonym_id FOR UPDATE`;
    const others = members.filter((m) => m.pseudonym_id !== pseudonymId);
    const owned = members.some((m) => m.pseudonym_id === pseudonymId && m.role === 'OWNER');
    const heir = successorOf(others);
    if (owned && heir) await tx.groupMember.update({ where: { groupId_pseudonymId: { groupId, pseudonymId: heir } }, data: { role: 'OWNER' } });
    await takeOut(tx, groupId, pseudonymId, others.length);
  }
}

/** Who takes over a group: the longest-standing mentor, else the longest-standing member (ties: pseudonym id). */
export function successorOf(members: Array<{ pseudonym_id: string; role: GroupRole; seniority: number }>): string | null {
  const rank = (m: (typeof members)[number]) => [m.role === 'MENTOR' ? 0 : 1, m.seniority] as const;
  const sorted = [...members].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || ra[1] - rb[1] || (a.pseudonym_id < b.pseudonym_id ? -1 : a.pseudonym_id > b.pseudonym_id ? 1 : 0);
  });
  return sorted[0]?.pseudonym_id ?? null;
}

/** Hands the group to another member; the former owner stays as a member. */
export async function transferOwnership(ctx: Context, groupId: string, memberId: string): Promise<void> {
  const pseudonymId = await me(ctx);
  await ctx.db.$transaction(async (tx) => {
    const { members } = await asOwner(tx, groupId, pseudonymId);
    if (memberId === pseudonymId || !members.some((m) => m.pseudonym_id === memberId)) throw badInput('pseudonymId', 'not_found', NO_MEMBER);
    await tx.groupMember.update({ where: { groupId_pseudonymId: { groupId, pseudonymId } }, data: { role: 'MEMBER' } });
    await tx.groupMember.update({ where: { groupId_pseudonymId: { groupId, pseudonymId: memberId } }, data: { role: 'OWNER' } });
  });
}

/** The owner marks a member as a mentor (the group's referent physician), or unmarks them. */
export async function setMentor(ctx: Context, groupId: string, memberId: string, mentor: boolean): Promise<void> {
  const pseudonymId = await me(ctx);
  await ctx.db.$transaction(async (tx) => {
    const { members } = await asOwner(tx, groupId, pseudonymId);
    const member = members.find((m) => m.pseudonym_id === memberId);
    if (!member) throw badInput('pseudonymId', 'not_found', NO_MEMBER);
    if (member.role === 'OWNER') throw badInput('pseudonymId', 'wrong_state', 'pseudonymId: the owner is not marked as a mentor.');
    await tx.groupMember.update({ where: { groupId_pseudonymId: { groupId, pseudonymId: memberId } }, data: { role: mentor ? 'MENTOR' : 'MEMBER' } });
  });
}

/** Whether the viewer is a member of the group (for a group thread's writes and the group's feed). */
export async function isMember(ctx: Context, groupId: string): Promise<boolean> {
  const pseudonym = await viewerPseudonym(ctx);
  return !!pseudonym && (await ctx.db.groupMember.count({ where: { groupId, pseudonymId: pseudonym.id } })) > 0;
}
