import { z } from 'zod';
import { builder } from '../builder.ts';
import { setBookmark } from '../domain/discussion/bookmarks.ts';

builder.mutationField('setBookmark', (t) =>
  t.boolean({
    description: 'Bookmarks a thread for the viewer (or removes the bookmark); returns the new state. Bookmarks are private: `feed(bookmarked: true)` lists them.',
    authScopes: { verifiedPhysician: true },
    args: { threadId: t.arg.id({ required: true, validate: z.uuid() }), bookmarked: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) => setBookmark(ctx, String(args.threadId), args.bookmarked),
  }),
);
