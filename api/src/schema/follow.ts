/** Following threads (and the questions they carry), rooms, tags and groups, and how the account's notifications are mailed (docs/notifications.md). */
import { FollowLevel, FollowTargetKind, MailFrequency } from '@consilium/db';
import { verifyUnsubscribeToken } from '@consilium/jobs/mail-unsubscribe';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { followLevel, myFollows, setFollow, type FollowTarget } from '../domain/discussion/follows.ts';
import { roomSchema, tagSchema } from '../domain/discussion/rules.ts';
import { badInput } from '../errors.ts';

const FollowTargetKindEnum = builder.enumType(FollowTargetKind, { name: 'FollowTargetKind' });
const FollowLevelEnum = builder.enumType(FollowLevel, { name: 'FollowLevel' });
const MailFrequencyEnum = builder.enumType(MailFrequency, { name: 'MailFrequency' });

const idSchema = z.uuid().transform((id) => id.toLowerCase());
const TARGET_SCHEMA: Record<FollowTargetKind, z.ZodType<string>> = { THREAD: idSchema, GROUP: idSchema, ROOM: roomSchema, TAG: tagSchema };

/** A thread id, a room key, a tag or a group id, checked and normalised by kind; the error names `target`. */
function targetOf(targetKind: FollowTargetKind, raw: string): FollowTarget {
  const schema = TARGET_SCHEMA[targetKind];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badInput('target', 'invalid', `target: not a valid ${targetKind.toLowerCase()} (${parsed.error.issues[0]?.message ?? 'invalid'}).`);
  return { targetKind, target: parsed.data };
}

const FollowRef = builder.objectRef<{ targetKind: FollowTargetKind; target: string; level: FollowLevel; label: string; question: boolean }>('Follow');
FollowRef.implement({
  description: 'One of the viewer’s follows: a thread (or the question it carries), room, tag or group at a level other than NORMAL.',
  fields: (t) => ({
    targetKind: t.field({ type: FollowTargetKindEnum, resolve: (f) => f.targetKind }),
    target: t.exposeString('target', { description: 'The thread id, the room key or the tag.' }),
    level: t.field({ type: FollowLevelEnum, resolve: (f) => f.level }),
    label: t.exposeString('label', { description: 'The thread’s title, the group’s name, or the room key or tag itself.' }),
    question: t.exposeBoolean('question', { description: 'The followed thread carries a question to a specialist (following the question is following its thread).' }),
  }),
});

const targetText = z.string().min(1).max(64);

builder.queryField('myFollows', (t) =>
  t.field({
    type: [FollowRef],
    description: 'The viewer’s follows (watching or muted), at most 500.',
    authScopes: { verifiedPhysician: true },
    resolve: (_root, _args, ctx) => myFollows(ctx),
  }),
);

builder.queryField('followLevel', (t) =>
  t.field({
    type: FollowLevelEnum,
    description: 'The viewer’s level on a thread (or question), room, tag or group (NORMAL when not set).',
    authScopes: { verifiedPhysician: true },
    args: { targetKind: t.arg({ type: FollowTargetKindEnum, required: true }), target: t.arg.string({ required: true, validate: targetText }) },
    resolve: (_root, args, ctx) => followLevel(ctx, targetOf(args.targetKind, args.target)),
  }),
);

builder.mutationField('setFollow', (t) =>
  t.field({
    type: FollowLevelEnum,
    description:
      'Sets the viewer’s level on a thread (or question), room, tag or group: WATCHING (every new post), NORMAL (replies and mentions), MUTED (nothing). A group, or a group’s thread, only for its members (BAD_USER_INPUT not_found otherwise, as for one that does not exist). Returns it.',
    authScopes: { verifiedPhysician: true },
    args: {
      targetKind: t.arg({ type: FollowTargetKindEnum, required: true }),
      target: t.arg.string({ required: true, validate: targetText }),
      level: t.arg({ type: FollowLevelEnum, required: true }),
    },
    resolve: (_root, args, ctx) => setFollow(ctx, targetOf(args.targetKind, args.target), args.level),
  }),
);

builder.queryField('myMailFrequency', (t) =>
  t.field({
    type: MailFrequencyEnum,
    description: 'How often the viewer’s notifications are mailed.',
    authScopes: { verifiedPhysician: true },
    resolve: async (_root, _args, ctx) => (await ctx.db.account.findUniqueOrThrow({ where: { id: ctx.viewer!.accountId }, select: { mailFrequency: true } })).mailFrequency,
  }),
);

builder.mutationField('setMailFrequency', (t) =>
  t.field({
    type: MailFrequencyEnum,
    description: 'Sets how often the viewer’s notifications are mailed; mails count only what comes after the change.',
    authScopes: { verifiedPhysician: true },
    args: { frequency: t.arg({ type: MailFrequencyEnum, required: true }) },
    resolve: async (_root, args, ctx) => {
      const now = new Date();
      await ctx.db.account.update({ where: { id: ctx.viewer!.accountId }, data: { mailFrequency: args.frequency, mailedUpTo: now, digestSentAt: now } });
      return args.frequency;
    },
  }),
);

builder.mutationField('unsubscribeMail', (t) =>
  t.boolean({
    description: 'Turns notification mails off with the token of a mail’s unsubscribe link (no session needed). False for a bad token.',
    args: { token: t.arg.string({ required: true, validate: z.string().min(1).max(200) }) },
    resolve: async (_root, args, ctx) => {
      const accountId = verifyUnsubscribeToken(ctx.env.MAIL_TOKEN_SECRET, args.token);
      if (!accountId) return false;
      await ctx.db.account.updateMany({ where: { id: accountId }, data: { mailFrequency: 'OFF' } });
      return true;
    },
  }),
);
