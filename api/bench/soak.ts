/**
 * `pnpm bench:soak` (issue #15, point 8): the built API and worker under a steady mixed load for
 * SOAK_MINUTES (30), at SOAK_RATE requests a second (20), on a fresh database. Every minute it
 * prints each process's RSS and the minute's p50 / p99 and errors; at the end, the RSS growth of
 * each process from the end of warm-up (SOAK_WARMUP_MINUTES, 5) to the end, against the 10 %
 * bound, and the error count (0 expected). Exit code 1 when either misses.
 *
 * The mix, per request: 40 % feed page, 15 % thread page, 10 % reply, 5 % new thread, 10 % vote,
 * 5 % login (argon2), 15 % a survey token taken and an answer sent (two requests, as a
 * physician's browser does). Every few minutes a survey closes: the worker builds its report.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { finalizeToken, prepareAndBlind } from '../src/domain/blind-signatures/client.ts';
import { ensureSurveyKeys, keyLabelOf } from '@consilium/jobs/survey-keys';
import { buildNode, freePort, gqlAt, listening, startApi, startWorker, stop, waitFor, type Member } from '../src/cluster/cluster.ts';
import { createTestApp, TEST_PASSWORD } from '../src/test/harness.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const WARMUP = Number(process.env.SOAK_WARMUP_MINUTES ?? Math.min(5, Math.max(1, Math.floor(MINUTES / 3))));
const RATE = Number(process.env.SOAK_RATE ?? 20);
const PHYSICIANS = Number(process.env.SOAK_PHYSICIANS ?? 200);
const SURVEYS = Math.max(2, Math.ceil((MINUTES * 60 * RATE * 0.15) / PHYSICIANS) + 1);

const FEED = 'query { feed(first: 20) { edges { node { id title replyCount score lastActivityAt author { handle } } } pageInfo { hasNextPage endCursor } } }';
const THREAD = 'query ($id: ID!) { thread(id: $id) { id title body score replies(first: 20) { edges { node { id body score author { handle } } } } } }';
const CREATE = 'mutation ($i: ThreadInput!) { createThread(input: $i) { id } }';
const REPLY = 'mutation ($i: ReplyInput!) { reply(input: $i) { id } }';
const VOTE = 'mutation ($p: ID!, $v: Int!) { vote(postId: $p, value: $v) }';
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const ISSUE = 'mutation ($s: ID!, $b: String!) { issueSurveyToken(surveyId: $s, blindedMessage: $b) { segment blindSignature } }';
const SUBMIT = 'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }';
const CLOSE = 'mutation ($id: ID!) { closeSurvey(id: $id) { status } }';

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  console.log(`soak: ${MINUTES} min at ${RATE} req/s (warm-up ${WARMUP} min), ${PHYSICIANS} physicians, ${SURVEYS} surveys`);
  const t = await createTestApp({ REPORT_K: '3', RATE_LIMIT_SCALE: '100000' });
  buildNode();
  const env = {
    NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: t.env.DATABASE_URL, REDIS_URL: t.env.REDIS_URL, REDIS_PREFIX: t.env.REDIS_PREFIX,
    QUEUE_PREFIX: `soak-${randomBytes(4).toString('hex')}`, UPLOAD_DIR: t.env.UPLOAD_DIR, REPORT_K: '3', RATE_LIMIT_SCALE: '100000', SURVEY_GRACE_HOURS: '0',
    PSEUDONYM_SECRET: t.env.PSEUDONYM_SECRET!, SURVEY_KEY_SECRET: t.env.SURVEY_KEY_SECRET, REPORT_LINK_SECRET: t.env.REPORT_LINK_SECRET!, RATE_LIMIT_KEY_SECRET: t.env.RATE_LIMIT_KEY_SECRET!,
    FACTOR_KEY_SECRET: t.env.FACTOR_KEY_SECRET!, MAIL_TOKEN_SECRET: t.env.MAIL_TOKEN_SECRET!, SWEEP_EVERY_SECONDS: '30', WORKER_HTTP_PORT: '0',
  } as Record<string, string>;
  for (const [key, value] of Object.entries(t.env)) if (/^SELLER_/.test(key) && typeof value === 'string') env[key] = value;

  const physicians: Array<Awaited<ReturnType<typeof t.make.verifiedPhysician>>> = [];
  for (let n = 0; n < PHYSICIANS; n++) physicians.push(await t.make.verifiedPhysician());
  const client = await t.make.client();
  const surveys: Array<{ survey: Awaited<ReturnType<typeof t.make.survey>>; keys: Awaited<ReturnType<typeof ensureSurveyKeys>> }> = [];
  for (let n = 0; n < SURVEYS; n++) {
    const survey = await t.make.survey({ owner: client, status: 'OPEN', specialties: ['cardiology'], sampleSize: 1_000_000, questions: ['SINGLE_CHOICE', 'NUMBER'] });
    surveys.push({ survey, keys: await ensureSurveyKeys(t.db, t.env.SURVEY_KEY_SECRET, survey, t.env.REPORT_K) });
  }

  const port = await freePort();
  const api: Member = startApi('api', port, env);
  const worker: Member = startWorker('worker', { ...env, LOG_LEVEL: 'info' });
  await waitFor('the API', () => listening(port), 90_000);
  await waitFor('the worker', async () => worker.lines.some((line) => line.includes('worker started')), 90_000);
  const gql = gqlAt(port);

  const threads: string[] = [];
  const posts: string[] = [];
  for (let n = 0; n < 20; n++) {
    const res = await gql<{ createThread: { id: string } }>(CREATE, { i: { room: 'general', title: `Soak case ${n}`, body: 'What would you do?' } }, { token: physicians[n % PHYSICIANS]!.token });
    if (res.data) threads.push(res.data.createThread.id);
  }
  const openingPosts = await t.db.post.findMany({ where: { threadId: { in: threads } }, select: { id: true } });
  posts.push(...openingPosts.map((p) => p.id));

  // The next (physician, survey) pair for an answer, counted across surveys: each physician
  // answers each survey once, survey after survey.
  let next = 0;
  let closed = 0; // surveys before this index have been closed (each once all its pairs were used)
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;

  type Outcome = { ms: number; ok: boolean; kind: string };
  async function timed(kind: string, fn: () => Promise<{ errors?: unknown; status: number }>): Promise<Outcome> {
    const at = performance.now();
    try {
      const res = await fn();
      return { ms: performance.now() - at, ok: !res.errors && res.status < 400, kind };
    } catch {
      return { ms: performance.now() - at, ok: false, kind };
    }
  }

  async function one(): Promise<Outcome[]> {
    const r = Math.random();
    const who = pick(physicians);
    if (r < 0.4) return [await timed('feed', () => gql(FEED, {}, { token: who.token }))];
    if (r < 0.55) return [await timed('thread', () => gql(THREAD, { id: pick(threads) }, { token: who.token }))];
    if (r < 0.65) {
      return [await timed('reply', async () => {
        const res = await gql<{ reply: { id: string } }>(REPLY, { i: { threadId: pick(threads), body: `I would wait and see (${randomBytes(3).toString('hex')}).` } }, { token: who.token });
        if (res.data && posts.length < 5_000) posts.push(res.data.reply.id);
        return res;
      })];
    }
    if (r < 0.7) {
      return [await timed('thread-new', async () => {
        const res = await gql<{ createThread: { id: string } }>(CREATE, { i: { room: 'general', title: `Soak case ${randomBytes(3).toString('hex')}`, body: 'A new question.' } }, { token: who.token });
        if (res.data && threads.length < 2_000) threads.push(res.data.createThread.id);
        return res;
      })];
    }
    if (r < 0.8) return [await timed('vote', () => gql(VOTE, { p: pick(posts), v: Math.random() < 0.8 ? 1 : -1 }, { token: who.token }))];
    if (r < 0.85) return [await timed('login', () => gql(LOGIN, { e: who.account.email, p: TEST_PASSWORD }, { ip: `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}` }))];
    // A token then an answer, for the next pair not used yet.
    const index = next++;
    const entry = surveys[Math.floor(index / PHYSICIANS)];
    if (!entry) return [await timed('feed', () => gql(FEED, {}, { token: who.token }))];
    const physician = physicians[index % PHYSICIANS]!;
    const segment = keyLabelOf(physician.credential, entry.keys);
    const key = await t.db.surveySegmentKey.findUniqueOrThrow({ where: { surveyId_segment: { surveyId: entry.survey.id, segment } } });
    const blinded = await prepareAndBlind(key.publicKey);
    let signature = '';
    const issued = await timed('token', async () => {
      const res = await gql<{ issueSurveyToken: { blindSignature: string } }>(ISSUE, { s: entry.survey.id, b: blinded.blindedMessage }, { token: physician.token });
      signature = res.data?.issueSurveyToken.blindSignature ?? '';
      return res;
    });
    if (!issued.ok) return [issued];
    const token = await finalizeToken(key.publicKey, blinded, signature);
    const receipt = await prepareAndBlind(entry.survey.receiptPublicKey!);
    const [q0, q1] = entry.survey.questions;
    const answered = await timed('answer', () => gql(SUBMIT, { i: { surveyId: entry.survey.id, segment, token, receiptBlindedMessage: receipt.blindedMessage, answers: [{ questionId: q0!.id, choiceIds: [pick(q0!.choices).id] }, { questionId: q1!.id, number: Math.floor(Math.random() * 100) }] } }));
    return [issued, answered];
  }

  const clientToken = client.token;
  const minutes: Array<{ api: number; worker: number; p50: number; p99: number; n: number; errors: number }> = [];
  let window: Outcome[] = [];
  let errors = 0;
  let inFlight = 0;
  const errorKinds = new Map<string, number>();
  const started = Date.now();
  const ticker = setInterval(() => {
    inFlight++;
    void one().then((outcomes) => {
      inFlight--;
      window.push(...outcomes);
      for (const o of outcomes) if (!o.ok) errorKinds.set(o.kind, (errorKinds.get(o.kind) ?? 0) + 1);
    });
  }, 1000 / RATE);

  for (let minute = 1; minute <= MINUTES; minute++) {
    await new Promise((resolve) => setTimeout(resolve, started + minute * 60_000 - Date.now()));
    // Every 5 minutes a survey closes and the worker builds its report.
    if (minute % 5 === 0 && closed < Math.floor(next / PHYSICIANS)) {
      const closing = surveys[closed++]!;
      await gql(CLOSE, { id: closing.survey.id }, { token: clientToken });
    }
    const done = window;
    window = [];
    const sorted = done.map((o) => o.ms).sort((a, b) => a - b);
    const failed = done.filter((o) => !o.ok).length;
    errors += failed;
    const row = { api: rssMiB(api.child.pid!), worker: rssMiB(worker.child.pid!), p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: done.length, errors: failed };
    minutes.push(row);
    console.log(`minute ${String(minute).padStart(2)}: ${String(row.n).padStart(5)} requests, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, errors ${row.errors}, RSS api ${row.api.toFixed(1)} MiB, worker ${row.worker.toFixed(1)} MiB${inFlight > RATE ? ` (${inFlight} in flight)` : ''}`);
  }
  clearInterval(ticker);
  await waitFor('the last requests', async () => inFlight === 0, 60_000).catch(() => {});

  const reports = await t.db.report.count({ where: { status: 'READY' } });
  const after = minutes[WARMUP - 1]!;
  const last = minutes.at(-1)!;
  const growth = (from: number, to: number) => ((to - from) / from) * 100;
  const apiGrowth = growth(after.api, last.api);
  const workerGrowth = growth(after.worker, last.worker);
  console.log(`\nsoak: ${minutes.reduce((sum, m) => sum + m.n, 0)} requests in ${MINUTES} min, ${errors} errors${errorKinds.size ? ` (${[...errorKinds].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}, ${reports} reports built`);
  console.log(`RSS growth after warm-up (minute ${WARMUP} → ${MINUTES}): api ${after.api.toFixed(1)} → ${last.api.toFixed(1)} MiB (${apiGrowth.toFixed(1)} %), worker ${after.worker.toFixed(1)} → ${last.worker.toFixed(1)} MiB (${workerGrowth.toFixed(1)} %) — bound 10 %`);
  const ok = errors === 0 && apiGrowth < 10 && workerGrowth < 10;
  console.log(ok ? 'soak: meets (no errors, RSS growth under 10 %)' : 'soak: misses');

  await Promise.all([stop(api, 10_000), stop(worker, 10_000)]);
  await t.close();
  process.exit(ok ? 0 : 1);
}

await main();
