/**
 * The restore drill of docs/operations.md, as the operator would run it: the demo data (every
 * kind of row: accounts with TOTP and passkeys, pseudonyms, threads with an image, surveys with
 * sealed keys, answers, a built report, invoices) dumped with `pnpm backup:dump` (Debian's
 * pg_dump, custom format), restored with `pnpm backup:restore` into a new database, and the API
 * started on the restored database with the same secrets: every table has the same rows, and
 * logins, the feed, a case image, a report and a new post work.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultReportSettings } from '@consilium/analytics/job';
import { buildReport } from '@consilium/analytics/reports-build';
import type { Db } from '@consilium/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD, seedDemo } from '../cli/demo-seed.ts';
import { codeAt } from '../domain/second-factor/totp.ts';
import { postReply } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

const BACKUP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'scripts', 'backup.mjs');

function backup(args: string[], databaseUrl: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BACKUP, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every table of the schema with its row count, and every sequence with its position. */
async function inventory(db: Db) {
  const tables = await db.$queryRaw<Array<{ name: string }>>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`;
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "${name}"`);
    counts[name] = row!.n;
  }
  const sequences = await db.$queryRaw<Array<{ name: string; last: bigint | null }>>`SELECT sequencename AS name, last_value AS last FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`;
  return { counts, sequences: Object.fromEntries(sequences.map((s) => [s.name, String(s.last)])) };
}

const LOGIN = 'mutation ($e: String!, $p: String!, $f: String) { login(email: $e, password: $p, secondFactor: $f) { token } }';
const FEED = '{ feed { edges { node { id title room score myVote mine replyCount author { handle } poll { totalVotes } attachments { url } } } } }';
const REPORT = 'query ($s: ID!) { report(surveyId: $s) { status respondents figures { published withheld } questions { kind n } } }';

let source: TestApp;
let restored: TestApp;
let dir: string;
let restoredUrl: string;
let restoredName: string;

beforeAll(async () => {
  source = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  const queued: string[] = [];
  const builds = { enqueueIfDue: async (surveyId: string) => void queued.push(surveyId), enqueueFiles: async () => {}, close: async () => {} };
  await seedDemo(source.db, source.env.PSEUDONYM_SECRET, source.env.DATABASE_URL, source.env.SURVEY_KEY_SECRET, source.env, source.services.storage, builds);
  for (const surveyId of queued) await buildReport(source.db, surveyId, { ...defaultReportSettings, k: source.env.REPORT_K });
  dir = await mkdtemp(path.join(tmpdir(), 'consilium-backups-'));
  // A database name the test harness's clean-up of interrupted runs knows.
  restoredName = `consilium_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const url = new URL(source.env.DATABASE_URL);
  url.pathname = `/${restoredName}`;
  restoredUrl = url.toString();
}, 120_000);

afterAll(async () => {
  await restored?.close();
  await source.db.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${restoredName}" WITH (FORCE)`);
  await source.close();
  await rm(dir, { recursive: true, force: true });
});

describe('restore drill', { timeout: 120_000 }, () => {
  it('dumps, restores into a new database with the same rows in every table, and refuses to restore over data', async () => {
    const dumped = await backup(['dump', dir], source.env.DATABASE_URL);
    expect(dumped.stderr).toBe('');
    expect(dumped.code).toBe(0);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^consilium-\d{8}T\d{6}Z\.dump$/);
    expect(dumped.stdout + dumped.stderr).not.toContain(source.env.DATABASE_URL);

    const restoring = await backup(['restore', path.join(dir, files[0]!)], restoredUrl);
    expect(restoring.stderr).toBe('');
    expect(restoring.code).toBe(0);

    // The uploads folder is backed up beside the database (rsync in production).
    const uploads = await mkdtemp(path.join(tmpdir(), 'consilium-restored-uploads-'));
    await cp(source.env.UPLOAD_DIR, uploads, { recursive: true });
    restored = await createTestApp({ RATE_LIMIT_SCALE: '100', UPLOAD_DIR: uploads }, { databaseUrl: restoredUrl });

    const [before, after] = [await inventory(source.db), await inventory(restored.db)];
    console.info(`restore drill: ${Object.keys(after.counts).length} tables, ${Object.values(after.counts).reduce((a, b) => a + b, 0)} rows restored`);
    expect(after).toEqual(before);
    for (const table of ['account', 'pseudonym', 'thread', 'post', 'post_vote', 'attachment', 'survey', 'survey_segment_key', 'survey_response', 'survey_answer', 'report', 'report_order', 'totp_factor', '_prisma_migrations']) {
      expect(after.counts[table], table).toBeGreaterThan(0);
    }

    // Dumps older than --keep-days go; anything else in the folder stays.
    const stale = path.join(dir, 'consilium-20200101T031500Z.dump');
    const other = path.join(dir, 'notes.txt');
    await Promise.all([writeFile(stale, 'old'), writeFile(other, 'kept')]);
    await utimes(stale, new Date('2020-01-01'), new Date('2020-01-01'));
    expect((await backup(['dump', dir, '--keep-days', '3'], source.env.DATABASE_URL)).code).toBe(0);
    const kept = await readdir(dir);
    expect(kept).not.toContain(path.basename(stale));
    expect(kept).toContain('notes.txt');
    expect(kept.filter((f) => f.endsWith('.dump')).length).toBeGreaterThanOrEqual(1);

    const again = await backup(['restore', path.join(dir, files[0]!)], restoredUrl);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has \d+ tables: restore into a new, empty database/);
    expect(await inventory(restored.db)).toEqual(before);
  });

  it('serves the restored database: logins (with TOTP), the feed and its image, a report, and a new post', async () => {
    const login = async (app: TestApp, email: string) => {
      const res = await app.gql<{ login: { token: string } }>(LOGIN, { e: email, p: DEMO_PASSWORD, f: email.startsWith('admin@') ? codeAt(DEMO_ADMIN_TOTP_SECRET) : null });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data!.login.token;
    };
    const martin = await login(restored, 'dr.martin@demo.consilium.test');
    const feed = await restored.gql<{ feed: { edges: Array<{ node: { id: string; mine: boolean; attachments: Array<{ url: string }> } }> } }>(FEED, {}, { token: martin });
    expect(feed.data!.feed.edges.length).toBeGreaterThan(3);
    expect(feed.data).toEqual((await source.gql(FEED, {}, { token: await login(source, 'dr.martin@demo.consilium.test') })).data);
    // The pseudonym is found from the same PSEUDONYM_SECRET: Dr Martin's own threads are still his.
    expect(feed.data!.feed.edges.some((e) => e.node.mine)).toBe(true);
    const image = await restored.http(feed.data!.feed.edges.flatMap((e) => e.node.attachments)[0]!.url, { token: martin });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');

    expect(await login(restored, 'admin@demo.consilium.test')).toBeTruthy();
    const client = await login(restored, 'etudes@sante-publique.demo.consilium.test');
    const orders = await restored.gql<{ orders: Array<{ surveyId: string; status: string }> }>('{ orders { surveyId status } }', {}, { token: client });
    const paid = orders.data!.orders.find((o) => o.status === 'PAID')!;
    const report = await restored.gql<{ report: { status: string; respondents: number } }>(REPORT, { s: paid.surveyId }, { token: client });
    expect(report.data!.report).toMatchObject({ status: 'READY' });
    // The demo's paid reports: a one-off survey and the sentinel series' waves (60 answers each).
    expect(report.data!.report.respondents).toBeGreaterThanOrEqual(60);
    expect(report.data).toEqual((await source.gql(REPORT, { s: paid.surveyId }, { token: await login(source, 'etudes@sante-publique.demo.consilium.test') })).data);

    // Writes work: constraints, triggers and counters came back with the rows.
    const thread = feed.data!.feed.edges[0]!.node.id;
    await postReply(restored, martin, thread, 'Written after the restore');
    expect(await restored.db.post.count({ where: { body: 'Written after the restore' } })).toBe(1);
  });
});
