/**
 * The hand-written koa + pg baseline of `pnpm bench:peers`: for each request kind of the bench, the
 * API's session check (the same token hashing and statement as domain/sessions.ts, the same
 * verified-physician rule) and one statement for the page, and the body the API answers for that
 * GraphQL request, byte for byte (the bench compares them before timing). One route per kind, fed
 * the same JSON body as the API's /graphql; it reads only `variables`.
 * Every statement is prepared (a name per text), as the API prepares its pages' statements.
 * Run as a child of bench/peers.ts: DATABASE_URL, PORT, PSEUDONYM_SECRET from its environment.
 */
import './statement-count.ts';
import { createServer } from 'node:http';
import { SPECIALTIES, specialtyLabel } from '@consilium/db';
import Koa from 'koa';
import pg from 'pg';
import getRawBody from 'raw-body';
import { pseudonymKey } from '../../src/domain/pseudonyms.ts';
import { dayOf, hashToken } from '../../src/domain/sessions.ts';
import { negotiateLanguage, type Language } from '../../src/language.ts';
import { encodeCursor } from '../../src/schema/connection.ts';
import { feedSql, SEARCH_SQL, THREAD_SQL } from './baseline-sql.ts';
import { shapeFeedPage, shapeSearchPage, shapeThreadPage, type ThreadRow, type ReplyRow } from './baseline-shape.ts';

const { DATABASE_URL, PORT, PSEUDONYM_SECRET } = process.env;
if (!DATABASE_URL || !PORT || !PSEUDONYM_SECRET) throw new Error('baseline: DATABASE_URL, PORT and PSEUDONYM_SECRET are required');

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });

interface Viewer {
  accountId: string;
  role: string;
  verification: string | null;
}

/** domain/sessions.ts's resolveSession, in pg: one statement, and a write at most once a day. */
async function viewerOf(header: string | undefined): Promise<Viewer | null> {
  const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
  if (!token || token.length > 128) return null;
  const { rows } = await pool.query<{ id: string; expiresAt: Date; lastSeenAt: Date; accountId: string; role: string; verification: string | null }>({
    name: 'session',
    text: `SELECT s.id, s.expires_at AS "expiresAt", s.last_seen_at AS "lastSeenAt", a.id AS "accountId",
            a.role::text AS role, c.status::text AS verification
     FROM session s JOIN account a ON a.id = s.account_id LEFT JOIN credential c ON c.account_id = a.id
     WHERE s.token_hash = $1`,
    values: [Buffer.from(hashToken(token))],
  });
  const session = rows[0];
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  const today = dayOf(new Date());
  if (session.lastSeenAt.getTime() < today.getTime()) await pool.query({ name: 'seen', text: 'UPDATE session SET last_seen_at = $2 WHERE id = $1', values: [session.id, today] });
  return session;
}

function decodeCursor(cursor: unknown): [unknown, string] | null {
  if (typeof cursor !== 'string' || cursor === '') return null;
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, string];
}

const specialties = (locale: Language) => SPECIALTIES.map(({ code }) => ({ code, label: specialtyLabel(code, locale) }));
const ROOMS = ['general', ...SPECIALTIES.map((s) => s.code)];
const FEED_WITH_TAGS = feedSql(true);
const FEED = feedSql(false);

type Variables = Record<string, unknown>;
type Route = (key: Buffer, variables: Variables, locale: Language) => Promise<unknown>;

const routes: Record<string, Route> = {
  /** The web's FeedQuery: the page, the rooms, the room's tags, the specialties. */
  '/feed-web': async (key, v, locale) => {
    const after = decodeCursor(v.after);
    const { rows } = await pool.query({ name: 'feed-web', text: FEED_WITH_TAGS, values: [key, v.room ?? null, v.tag ?? null, after?.[0] ?? null, after?.[1] ?? null, 21, v.room ?? ''] });
    const page = rows[0].page as { threads: ThreadRow[] | null; tags: unknown[] | null };
    return { feed: shapeFeedPage(page.threads ?? [], 20, 'summary'), rooms: ROOMS, tags: page.tags ?? [], specialties: specialties(locale) };
  },
  /** bench:feed's full page: every field of each thread with its poll counts. */
  '/feed-full': async (key, v) => {
    const after = decodeCursor(v.after);
    const { rows } = await pool.query({ name: 'feed', text: FEED, values: [key, v.room ?? null, v.tag ?? null, after?.[0] ?? null, after?.[1] ?? null, 21] });
    return { feed: shapeFeedPage((rows[0].page as { threads: ThreadRow[] | null }).threads ?? [], 20, 'full') };
  },
  /** The web's ThreadQuery (50 replies a page). */
  '/thread': async (key, v, locale) => {
    const after = decodeCursor(v.after);
    const { rows } = await pool.query({ name: 'thread', text: THREAD_SQL, values: [key, v.id, after?.[0] ?? null, after?.[1] ?? null, 51] });
    const page = rows[0]?.page as { thread: ThreadRow; replies: ReplyRow[] | null } | undefined;
    return { thread: page ? shapeThreadPage(page.thread, page.replies ?? [], 50) : null, specialties: specialties(locale) };
  },
  /** The web's SearchQuery. */
  '/search': async (key, v, locale) => {
    const after = decodeCursor(v.after);
    const { rows } = await pool.query({ name: 'search', text: SEARCH_SQL, values: [key, v.query, after?.[0] ?? null, after?.[1] ?? null, 21] });
    const found = (rows[0].page as { threads: Array<{ rank: number; thread: ThreadRow }> | null }).threads ?? [];
    return { search: shapeSearchPage(found, 20, (f) => encodeCursor(f.rank, f.thread.id)), specialties: specialties(locale) };
  },
};

const app = new Koa();
app.use(async (ctx) => {
  const route = routes[ctx.path];
  if (!route || ctx.method !== 'POST') {
    ctx.status = 404;
    return;
  }
  const { variables = {} } = JSON.parse((await getRawBody(ctx.req, { limit: 1_000_000 })).toString('utf8')) as { variables?: Variables };
  const viewer = await viewerOf(ctx.get('authorization'));
  ctx.type = 'application/json';
  if (!viewer || viewer.role !== 'PHYSICIAN' || viewer.verification !== 'VERIFIED') {
    ctx.body = JSON.stringify({ errors: [{ message: 'Not allowed', extensions: { code: viewer ? 'FORBIDDEN' : 'UNAUTHENTICATED' } }] });
    return;
  }
  const key = Buffer.from(pseudonymKey(PSEUDONYM_SECRET, viewer.accountId));
  ctx.body = JSON.stringify({ data: await route(key, variables, negotiateLanguage(ctx.get('accept-language'))) });
});

createServer(app.callback()).listen(Number(PORT), '127.0.0.1', () => process.send?.({ ready: true }));
process.on('SIGTERM', () => void pool.end().finally(() => process.exit(0)));
