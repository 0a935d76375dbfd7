import { z } from 'zod';
import { builder } from '../builder.ts';
import { deviceLabel } from '../domain/sessions.ts';
import { badInput } from '../errors.ts';

/** base64url of an uncompressed P-256 point (65 bytes) and of the 16-byte auth secret (RFC 8291). */
const P256DH = /^[A-Za-z0-9_-]{86,88}={0,2}$/;
const AUTH = /^[A-Za-z0-9_-]{21,24}={0,2}$/;

const PushDeviceRef = builder.prismaObject('PushSubscription', {
  name: 'PushDevice',
  description: 'A browser the viewer’s account is pushed to. Only the viewer sees their own.',
  fields: (t) => ({
    id: t.exposeID('id'),
    device: t.exposeString('device', { nullable: true, description: '"Firefox on Android": browser and system only.' }),
    endpoint: t.exposeString('endpoint', { description: 'The push service’s address for this browser: how a page knows which device it is.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const PushSubscriptionInput = builder.inputType('PushSubscriptionInput', {
  description: 'What PushManager.subscribe() returned in the browser (PushSubscription.toJSON()).',
  fields: (t) => ({
    endpoint: t.string({ required: true, validate: z.string().min(1).max(1000) }),
    p256dh: t.string({ required: true, validate: z.string().regex(P256DH, 'must be a base64url P-256 public key') }),
    auth: t.string({ required: true, validate: z.string().regex(AUTH, 'must be a base64url 16-byte secret') }),
  }),
});

builder.queryField('pushPublicKey', (t) =>
  t.string({
    nullable: true,
    description: 'The VAPID public key browsers subscribe with; null when web push is off on this server.',
    resolve: (_root, _args, ctx) => ctx.env.VAPID_PUBLIC_KEY ?? null,
  }),
);

builder.queryField('myPushDevices', (t) =>
  t.prismaField({
    type: [PushDeviceRef],
    description: 'The browsers the viewer’s account is pushed to, newest first.',
    authScopes: { physician: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.db.pushSubscription.findMany({ ...query, where: { accountId: ctx.viewer!.accountId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
);

builder.mutationField('subscribePush', (t) =>
  t.prismaField({
    type: PushDeviceRef,
    description:
      'Pushes the viewer’s notification counts (never their content) to this browser. A browser subscribed by another account before moves to the viewer.',
    authScopes: { physician: true },
    args: { input: t.arg({ type: PushSubscriptionInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      if (!ctx.env.VAPID_PUBLIC_KEY) throw badInput('input', 'wrong_state', 'web push is off on this server');
      // Push services are HTTPS only; the worker posts nowhere else.
      if (!URL.canParse(input.endpoint) || new URL(input.endpoint).protocol !== 'https:') throw badInput('endpoint', 'invalid', 'endpoint must be an https URL');
      const data = { accountId: ctx.viewer!.accountId, p256dh: input.p256dh, auth: input.auth, device: deviceLabel(ctx.userAgent) };
      return ctx.db.pushSubscription.upsert({ ...query, where: { endpoint: input.endpoint }, create: { endpoint: input.endpoint, ...data }, update: data });
    },
  }),
);

builder.mutationField('unsubscribePush', (t) =>
  t.boolean({
    description: 'Stops pushing to a browser of the viewer’s, by its endpoint (this browser) or its id (from myPushDevices); false when none matched.',
    authScopes: { physician: true },
    args: {
      endpoint: t.arg.string({ validate: z.string().min(1).max(1000).optional().nullable() }),
      id: t.arg.id({ validate: z.uuid().optional().nullable() }),
    },
    resolve: async (_root, args, ctx) => {
      if (!args.endpoint === !args.id) throw badInput('endpoint', 'required', 'give either endpoint or id');
      const { count } = await ctx.db.pushSubscription.deleteMany({
        where: { accountId: ctx.viewer!.accountId, ...(args.endpoint ? { endpoint: args.endpoint } : { id: String(args.id) }) },
      });
      return count > 0;
    },
  }),
);
