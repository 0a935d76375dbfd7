import { z } from 'zod';
import { builder } from '../builder.ts';
import { viewerKey } from '../domain/discussion/actor.ts';
import { votePoll } from '../domain/discussion/posting.ts';

builder.prismaObject('PollOption', {
  fields: (t) => ({
    id: t.exposeID('id'),
    label: t.exposeString('label'),
    votes: t.exposeInt('voteCount'),
  }),
});

builder.prismaObject('Poll', {
  description: 'A quick poll in a thread: counts are shown, voters never.',
  fields: (t) => ({
    id: t.exposeID('id'),
    question: t.exposeString('question'),
    options: t.relation('options', { query: { orderBy: { position: 'asc' } } }),
    totalVotes: t.int({
      select: { options: { orderBy: { position: 'asc' }, select: { voteCount: true } } },
      resolve: (poll) => poll.options.reduce((sum, o) => sum + o.voteCount, 0),
    }),
    myVote: t.id({
      nullable: true,
      description: 'The option the viewer chose, if any.',
      select: (_args, ctx) => ({ votes: { where: { pseudonym: { is: { key: viewerKey(ctx) } } }, select: { optionId: true } } }),
      resolve: (poll) => poll.votes[0]?.optionId ?? null,
    }),
  }),
});

builder.mutationField('votePoll', (t) =>
  t.prismaField({
    type: 'Poll',
    description: 'Votes in a poll; one vote per pseudonym, changeable.',
    authScopes: { verifiedPhysician: true },
    args: { pollId: t.arg.id({ required: true, validate: z.uuid() }), optionId: t.arg.id({ required: true, validate: z.uuid() }) },
    resolve: async (query, _root, args, ctx) => {
      await votePoll(ctx, String(args.pollId), String(args.optionId));
      return ctx.db.poll.findUniqueOrThrow({ ...query, where: { id: String(args.pollId) } });
    },
  }),
);
