import { builder } from '../builder.ts';
import { decodeCursor, defineConnection, encodeCursor, pageSize, toPage } from './connection.ts';

const AuditEntryRef = builder.prismaObject('AuditEntry', {
  description: 'One admin decision: who (an admin), what, on which object, when and why.',
  fields: (t) => ({
    id: t.exposeID('id'),
    action: t.exposeString('action'),
    targetType: t.exposeString('targetType'),
    targetId: t.exposeID('targetId'),
    reason: t.exposeString('reason', { nullable: true }),
    at: t.expose('at', { type: 'DateTime' }),
    actorId: t.exposeID('actorId'),
    actorEmail: t.string({
      description: 'The e-mail of the admin who acted: admins read the log, and know each other.',
      // auditLog reads the page's actors with it (ACTOR): no statement per entry.
      resolve: (entry) => (entry as typeof entry & { actor: { email: string } }).actor.email,
    }),
  }),
});

/** What every read of audit entries loads with them, for `actorEmail`. */
const ACTOR = { actor: { select: { email: true } } } as const;

const AuditEntryConnection = defineConnection('AuditEntry', AuditEntryRef);

builder.queryField('auditLog', (t) =>
  t.field({
    type: AuditEntryConnection,
    description: 'The audit log, newest first (admins).',
    authScopes: { admin: true },
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
