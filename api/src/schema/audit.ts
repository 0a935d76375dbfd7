import { builder } from '../builder.ts';
import { decodeCursor, defineConnection, encodeCursor, pageSize, toPage } from './connection.ts';

const AuditEntryRef = builder.prismaObject('AuditEntry', {
  description: 'One audited event: who, what, on which object, when and why. A physician\'s own events carry their day only (midnight UTC).',
  fields: (t) => ({
    id: t.exposeID('id'),
    action: t.exposeString('action'),
    targetType: t.exposeString('targetType'),
    targetId: t.exposeID('targetId', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
    at: t.expose('at', { type: 'DateTime' }),
    actorId: t.exposeID('actorId', { nullable: true }),
    actorEmail: t.string({
      nullable: true,
      description: 'The e-mail of the account that acted (owners read the log); null when none is named, as in a deletion\'s trace.',
      // auditLog reads the page's actors with it (ACTOR): no statement per entry.
      resolve: (entry) => (entry as typeof entry & { actor: { email: string } | null }).actor?.email ?? null,
    }),
  }),
});

/** What every read of audit entries loads with them, for `actorEmail`. */
const ACTOR = { actor: { select: { email: true } } } as const;

const AuditEntryConnection = defineConnection('AuditEntry', AuditEntryRef);

builder.queryField('auditLog', (t) =>
  t.field({
    type: AuditEntryConnection,
    description: 'The audit log, newest first (owners).',
    authScopes: { owner: true },
    args: { first: t.arg.int({ defaultValue: 50 }), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first, 50);
      const cursor = decodeCursor(args.after);
      const rows = await ctx.db.auditEntry.findMany({
        where: cursor ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] } : {},
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        take: first + 1,
        include: ACTOR,
      });
      return toPage(rows, first, (e) => encodeCursor(e.at, e.id));
    },
  }),
);
