/**
 * The baseline's pages in the shape of the API's answers: the fields of each GraphQL selection of
 * the bench, in its order, with the API's rules for a physician viewer (a hidden thread's title,
 * body and images withheld; no vote reads 0) and its cursors (schema/connection.ts).
 */
import { excerpt } from '../../src/domain/discussion/rules.ts';
import { encodeCursor } from '../../src/schema/connection.ts';

interface Author {
  id: string;
  handle: string;
  specialty: string;
  country: string;
}

/** A thread as baseline-sql.ts's THREAD writes it (the opening post's columns are null without one). */
export interface ThreadRow {
  id: string;
  room: string;
  title: string;
  tags: string[];
  createdAt: string;
  lastActivityAt: string;
  replyCount: number;
  body: string | null;
  score: number | null;
  hidden: boolean | null;
  editedAt: string | null;
  mine: boolean;
  bookmarked: boolean;
  myVote: number | null;
  author: Author;
  poll: { id: string; question: string; myVote: string | null; options: Array<{ id: string; label: string; votes: number }> | null } | null;
  attachments: Array<{ id: string; mimeType: string; width: number; height: number }> | null;
  imageAttestation: string | null;
}

export interface ReplyRow {
  id: string;
  threadId: string;
  parentId: string | null;
  body: string;
  author: Author;
  createdAt: string;
  score: number;
  hidden: boolean;
  editedAt: string | null;
  mine: boolean;
  myVote: number | null;
}

const pageInfo = (hasNextPage: boolean, endCursor: string | null) => ({ hasNextPage, endCursor });

function poll(row: ThreadRow) {
  if (!row.poll) return null;
  const options = row.poll.options ?? [];
  return {
    id: row.poll.id,
    question: row.poll.question,
    totalVotes: options.reduce((sum, o) => sum + o.votes, 0),
    myVote: row.poll.myVote,
    options: options.map((o) => ({ id: o.id, label: o.label, votes: o.votes })),
  };
}

const visibleAttachments = (row: ThreadRow) => (row.hidden ? [] : (row.attachments ?? []));

/** The web's ThreadSummaryFields. */
function summaryNode(row: ThreadRow) {
  return {
    id: row.id,
    room: row.room,
    title: row.hidden ? '' : row.title,
    excerpt: row.body !== null && !row.hidden ? excerpt(row.body, 200) : '',
    editedAt: row.editedAt,
    bookmarked: row.bookmarked,
    tags: row.tags,
    author: { id: row.author.id, handle: row.author.handle, specialty: row.author.specialty, country: row.author.country },
    createdAt: row.createdAt,
    lastActivityAt: row.lastActivityAt,
    score: row.score ?? 0,
    myVote: row.myVote ?? 0,
    replyCount: row.replyCount,
    hidden: row.hidden ?? false,
    poll: row.poll ? { id: row.poll.id } : null,
    attachments: visibleAttachments(row).map((a) => ({ id: a.id })),
  };
}

/** bench:feed's NODE. */
function fullNode(row: ThreadRow) {
  return {
    id: row.id,
    title: row.hidden ? '' : row.title,
    room: row.room,
    tags: row.tags,
    body: row.hidden ? '' : (row.body ?? ''),
    score: row.score ?? 0,
    myVote: row.myVote ?? 0,
    replyCount: row.replyCount,
    hidden: row.hidden ?? false,
    lastActivityAt: row.lastActivityAt,
    author: { handle: row.author.handle, specialty: row.author.specialty, country: row.author.country },
    poll: poll(row),
    attachments: visibleAttachments(row).map((a) => ({ id: a.id, url: `/uploads/${a.id}` })),
  };
}

function page<Row, Node>(rows: Row[], first: number, cursorOf: (row: Row) => string, nodeOf: (row: Row) => Node) {
  const edges = rows.slice(0, first).map((row) => ({ cursor: cursorOf(row), node: nodeOf(row) }));
  return { edges, pageInfo: pageInfo(rows.length > first, edges.at(-1)?.cursor ?? null) };
}

export function shapeFeedPage(rows: ThreadRow[], first: number, selection: 'summary' | 'full') {
  const cursorOf = (r: ThreadRow) => encodeCursor(r.lastActivityAt, r.id);
  return selection === 'summary' ? page(rows, first, cursorOf, summaryNode) : page(rows, first, cursorOf, fullNode);
}

export function shapeSearchPage<Found extends { thread: ThreadRow }>(found: Found[], first: number, cursorOf: (f: Found) => string) {
  return page(found, first, cursorOf, (f) => summaryNode(f.thread));
}

/** The web's ThreadQuery. */
export function shapeThreadPage(row: ThreadRow, replies: ReplyRow[], first: number) {
  const shown = replies.slice(0, first);
  return {
    id: row.id,
    room: row.room,
    title: row.hidden ? '' : row.title,
    body: row.hidden ? '' : (row.body ?? ''),
    tags: row.tags,
    author: row.author,
    createdAt: row.createdAt,
    lastActivityAt: row.lastActivityAt,
    editedAt: row.editedAt,
    mine: row.mine,
    bookmarked: row.bookmarked,
    score: row.score ?? 0,
    myVote: row.myVote ?? 0,
    hidden: row.hidden ?? false,
    replyCount: row.replyCount,
    imageAttestation: row.imageAttestation,
    attachments: visibleAttachments(row).map((a) => ({ id: a.id, url: `/uploads/${a.id}`, mimeType: a.mimeType, width: a.width, height: a.height })),
    poll: poll(row),
    replies: {
      edges: shown.map((r) => ({
        node: {
          id: r.id,
          threadId: r.threadId,
          parentId: r.parentId,
          body: r.hidden ? '' : r.body,
          author: r.author,
          createdAt: r.createdAt,
          editedAt: r.editedAt,
          mine: r.mine,
          score: r.score,
          myVote: r.myVote ?? 0,
          hidden: r.hidden,
        },
      })),
      pageInfo: pageInfo(replies.length > first, shown.length ? encodeCursor(shown.at(-1)!.createdAt, shown.at(-1)!.id) : null),
    },
  };
}
