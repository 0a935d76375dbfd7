/**
 * The red team: a thief with the live database (superuser: every table, xmin and ctid, the
 * physical order of rows, every date column, who took a token and who was paid, Redis keys, the
 * logs) — but not PSEUDONYM_SECRET or SURVEY_KEY_SECRET — tries to tie pseudonyms and survey
 * answers to accounts. A realistic scenario runs through the API: physicians of several segments
 * (one of them alone in hers) are approved one after another, open threads, take tokens, answer
 * and are paid, interleaved, with a worker sweep in the middle as in production; then the
 * worker's sweep runs, and every linking query below is tried. Each attack prints what it got.
 *
 * The test knows the truth (it holds the secret, and each physician's NUMBER answer is their
 * index), so each attack is scored against it, and held to "no better than chance".
 */
import { defaultReportSettings } from '@consilium/analytics/job';
import { runJob } from '@consilium/analytics/jobs';
import { ancestry } from '@consilium/db/segment-groups';
import { createDecipheriv, createHash, createHmac, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonymKey } from './domain/pseudonyms.ts';
import { segmentOf } from '@consilium/db/segments';
import { postThread, REPLY } from './test/discussion.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from './test/harness.ts';
import { SEALED_COPY_BYTES } from './domain/blind-signatures/resume.ts';
import { answer, type OpenSurvey, takeTokenWithResume } from './test/surveys.ts';
import { addPasskey, SIGN_IN_WITH_PASSKEY, signInOptions, SoftAuthenticator } from './test/authenticator.ts';

const K = 5;
const REVIEW_CREDENTIAL = 'mutation ($id: ID!) { reviewCredential(id: $id, approve: true) { id } }';
const REVIEW_SURVEY = 'mutation ($id: ID!) { reviewSurvey(id: $id, approve: true) { id } }';
const REDEEM = 'mutation ($s: ID!, $r: TokenInput!) { redeemSurveyReceipt(surveyId: $s, receipt: $r) { balanceCents } }';

/** Dozens of physicians over several segments; the neurologist is alone in hers. French ones practise in Bretagne or Occitanie. */
const inRegion = (i: number) => (i % 2 ? 'Occitanie' : 'Bretagne');
const COHORT = [
  ...Array.from({ length: 12 }, (_, i) => ({ specialty: 'cardiology', country: 'FR', region: inRegion(i), practiceStartYear: 2021 })),
  ...Array.from({ length: 8 }, (_, i) => ({ specialty: 'cardiology', country: 'FR', region: inRegion(i), practiceStartYear: 2012 })),
  ...Array.from({ length: 6 }, (_, i) => ({ specialty: 'pediatrics', country: 'FR', region: inRegion(i), practiceStartYear: 2014 })),
  ...Array.from({ length: 3 }, () => ({ specialty: 'general-practice', country: 'BE', practiceStartYear: 1990 })),
  { specialty: 'neurology', country: 'BE', practiceStartYear: 2020 },
];

type Physician = Awaited<ReturnType<TestApp['make']['pendingPhysician']>>;

let t: TestApp;
let physicians: Physician[] = [];
let survey: OpenSurvey;
/** Who answered (their index is their NUMBER answer), who only took a token. */
const answered = new Set<number>();
const tookToken = new Set<number>();

const worker = () => ({ db: t.db, log: pino({ level: 'silent' }), reports: { ...defaultReportSettings, k: K } });
const sweep = async () => {
  for (const job of ['responses:settle', 'pseudonyms:settle']) await runJob(job, {}, worker());
};

/**
 * How many physicians act in the order tests below. Their order is random, so a rank correlation
 * with an account-side order is noise around 0 with a spread of 1/√(n−1): with 20, |ρ| ≥ 0.8 by
 * chance is a 3.5-sigma event (p ≈ 0.0005 a check), while a real leak — rows stored in an
 * account-side order — gives ρ ≈ 1. With 12 it was 2.65 sigma: a run in 20 or so failed somewhere.
 */
const ACTORS = 20;

/** Spearman's rank correlation of two orders of the same items (1: the same order). */
function rankCorrelation(a: string[], b: string[]): number {
  const rank = new Map(b.map((x, i) => [x, i]));
  const n = a.length;
  const d2 = a.reduce((sum, x, i) => sum + (i - rank.get(x)!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100', REPORT_K: String(K) });
  const admin = await t.make.admin();
  for (const badge of COHORT) physicians.push(await t.make.pendingPhysician(badge));
  // The pending physicians made no pseudonym: approvals do, one after another, in this order,
  // with discussion between them as on a working day.
  physicians = physicians.sort(() => Math.random() - 0.5);
  for (const [i, p] of physicians.entries()) {
    const res = await t.gql(REVIEW_CREDENTIAL, { id: p.credential.id }, { token: admin.token });
    expect(res.errors).toBeUndefined();
    if (i % 7 === 6) await postThread(t, physicians[i - 3]!.token, { title: `Case ${i}` });
  }
  const client = await t.make.client();
  const submitted = await t.make.survey({ owner: client, status: 'SUBMITTED', questions: ['SINGLE_CHOICE', 'NUMBER'] });
  expect((await t.gql(REVIEW_SURVEY, { id: submitted.id }, { token: admin.token })).errors).toBeUndefined();
  survey = (await t.db.survey.findUniqueOrThrow({
    where: { id: submitted.id },
    include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
  })) as OpenSurvey;
  // Quota cells (issue 17) that the answers count in: large enough never to refuse one.
  await t.db.surveyQuota.createMany({
    data: [
      { surveyId: survey.id, position: 0, specialty: 'cardiology', maxAnswers: 1000 },
      { surveyId: survey.id, position: 1, country: 'BE', maxAnswers: 1000 },
    ],
  });

  // Tokens, answers and payments interleaved; the worker's sweep runs once in the middle.
  const order = physicians.map((_, i) => i).sort(() => Math.random() - 0.5);
  const pendingReceipts: Array<[number, unknown]> = [];
  for (const [step, i] of order.entries()) {
    const p = physicians[i]!;
    // As the web app does: each token is taken with a copy sealed under the physician's resume code.
    const taken = await takeTokenWithResume(t, survey, p as never);
    tookToken.add(i);
    if (step % 9 === 8) continue; // took a token, never answered
    const res = await answer(t, survey, taken, [
      { questionId: survey.questions[0]!.id, choiceIds: [survey.questions[0]!.choices[i % 3]!.id] },
      { questionId: survey.questions[1]!.id, number: i },
    ]);
    expect(res.res.errors).toBeUndefined();
    answered.add(i);
    pendingReceipts.push([i, res.receipt]);
    if (step % 2 === 0) {
      const [who, receipt] = pendingReceipts.shift()!;
      await t.gql(REDEEM, { s: survey.id, r: receipt }, { token: physicians[who]!.token });
    }
    if (step === 4) await sweep();
    // Autovacuum's ANALYZE samples the tables while fresh answers still carry their key label.
    if (step === 10) await t.db.$executeRawUnsafe('ANALYZE survey_response, survey_answer');
  }
  await sweep();
}, 240_000);
afterAll(() => t.close());

/** The truth: each pseudonym's account, from the secret the thief does not have. */
async function truth() {
  const rows = await t.db.pseudonym.findMany({ select: { id: true, key: true } });
  const byKey = new Map(rows.map((r) => [Buffer.from(r.key).toString('hex'), r.id]));
  return new Map(physicians.map((p) => [p.credential.id, byKey.get(Buffer.from(pseudonymKey(t.env.PSEUDONYM_SECRET, p.account.id)).toString('hex'))!]));
}

describe('pseudonyms, against a thief with the live database', () => {
  it('share no transaction id with an approval, nor with each other', async () => {
    const shared = await t.db.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM pseudonym p JOIN audit_entry a ON a.xmin = p.xmin AND a.action = 'credential.approve'`;
    const xmins = await t.db.$queryRaw<Array<{ n: number }>>`SELECT count(DISTINCT xmin::text)::int AS n FROM pseudonym`;
    console.info(`red team: pseudonyms joined to an approval by xmin: ${shared[0]!.n} of ${physicians.length}; distinct pseudonym xmins: ${xmins[0]!.n}`);
    expect(shared[0]!.n).toBe(0);
    // One transaction id for every row: the nearest-xid attack has nothing to rank.
    expect(xmins[0]!.n).toBe(1);
  });

  it('are not in approval order, physically or by id, and the nearest transaction id names nobody', async () => {
    const real = await truth();
    const approvals = await t.db.$queryRaw<Array<{ credential: string; xid: string }>>`
      SELECT target_id::text AS credential, xmin::text AS xid FROM audit_entry WHERE action = 'credential.approve' ORDER BY xmin::text::bigint`;
    const approvalOrder = approvals.map((a) => real.get(a.credential)!);
    const physical = (await t.db.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM pseudonym ORDER BY ctid`).map((r) => r.id);
    const byId = [...physical].sort();
    // Nearest transaction id: each approval paired with the pseudonym whose xmin is closest above it.
    const withXid = await t.db.$queryRaw<Array<{ id: string; xid: string }>>`SELECT id::text, xmin::text AS xid FROM pseudonym ORDER BY xmin::text::bigint, ctid`;
    const nearest = approvals.filter((a) => withXid.find((p) => BigInt(p.xid) >= BigInt(a.xid))?.id === real.get(a.credential)).length;
    const ctidRho = rankCorrelation(approvalOrder, physical);
    const idRho = rankCorrelation(approvalOrder, byId);
    console.info(`red team: pseudonyms — ctid vs approval order ρ = ${ctidRho.toFixed(2)}, id order ρ = ${idRho.toFixed(2)}, nearest-xid links ${nearest}/${approvals.length} (chance ≈ 1)`);
    // What remains (docs/pseudonyms.md): a first post is written after its author's approval,
    // so its author is one of the physicians approved before it; the most recent one is a guess.
    const firstPosts = await t.db.$queryRaw<Array<{ author: string; at: Date }>>`SELECT author_id::text AS author, min(created_at) AS at FROM post GROUP BY author_id`;
    const approvedAt = await t.db.$queryRaw<Array<{ credential: string; at: Date }>>`SELECT target_id::text AS credential, at FROM audit_entry WHERE action = 'credential.approve'`;
    const sets = firstPosts.map((post) => approvedAt.filter((a) => a.at <= post.at).length).sort((a, b) => a - b);
    const latestGuess = firstPosts.filter((post) => {
      const before = approvedAt.filter((a) => a.at <= post.at).sort((a, b) => b.at.getTime() - a.at.getTime());
      return real.get(before[0]!.credential) === post.author;
    }).length;
    console.info(`red team: residual — first post vs approvals before it: anonymity sets ${sets.join(', ')}; "latest approval" guess right for ${latestGuess}/${firstPosts.length}`);
    expect(physical).toEqual(byId);
    expect(Math.abs(ctidRho)).toBeLessThan(0.75);
    expect(Math.abs(idRho)).toBeLessThan(0.75);
    expect(nearest).toBeLessThanOrEqual(5);
  });

  it('have no time column, and nothing in Redis or the logs puts an account beside a pseudonym', async () => {
    const times = await t.db.$queryRaw<Array<{ column_name: string }>>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'pseudonym' AND data_type IN ('date', 'timestamp with time zone', 'timestamp without time zone')`;
    expect(times).toEqual([]);
    const pseudonyms = await t.db.pseudonym.findMany({ select: { id: true, handle: true } });
    const people = physicians.flatMap((p) => [p.account.id, p.account.email.toLowerCase(), p.credential.id, p.credential.licenseNumber]);
    const keys = await t.redis.keys('*');
    for (const key of keys) {
      const named = pseudonyms.some((p) => key.includes(p.id)) && people.some((x) => key.toLowerCase().includes(x));
      expect(named, `redis key ${key}`).toBe(false);
    }
    for (const line of t.logLines) {
      const text = line.toLowerCase();
      const pseudonymous = pseudonyms.some((p) => text.includes(p.id) || text.includes(p.handle.toLowerCase()));
      expect(pseudonymous && people.some((x) => text.includes(x)), `log line ${line}`).toBe(false);
    }
  });
});

describe('survey answers, against a thief with the live database', () => {
  /** The participants the database shows: whoever took a token or was paid for the survey. */
  async function participants() {
    const rows = await t.db.$queryRaw<Array<{ account: string; xid: string }>>`
      SELECT account_id::text AS account, xmin::text AS xid FROM survey_token_issue WHERE survey_id = ${survey.id}::uuid
      UNION SELECT account_id::text, xmin::text FROM honorarium_entry WHERE survey_id = ${survey.id}::uuid
      UNION SELECT account_id::text, xmin::text FROM survey_resume WHERE survey_id = ${survey.id}::uuid`;
    const credentials = new Map(physicians.map((p) => [p.account.id, p.credential]));
    const seen = new Map<string, { segment: string; xid: bigint }>();
    for (const r of rows) {
      const prior = seen.get(r.account);
      const xid = BigInt(r.xid);
      if (!prior || xid < prior.xid) seen.set(r.account, { segment: segmentOf(credentials.get(r.account)!), xid });
    }
    return seen;
  }

  it('each hides among at least k participants, by label, batch (xmin) and every date column', async () => {
    const people = await participants();
    expect(people.size).toBe(tookToken.size);
    const responses = await t.db.$queryRaw<Array<{ segment: string; xid: string; day: string; n: number }>>`
      SELECT r.segment, r.xmin::text AS xid, r.submitted_on::text AS day, a.number AS n
      FROM survey_response r JOIN survey_answer a ON a.response_id = r.id AND a.number IS NOT NULL WHERE r.survey_id = ${survey.id}::uuid`;
    expect(responses).toHaveLength(answered.size);
    const labels = new Set(responses.map((r) => r.segment));
    const dateColumns = await t.db.$queryRaw<Array<{ table_name: string; column_name: string }>>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_name IN ('survey_token_issue', 'honorarium_entry', 'survey_resume') AND data_type IN ('date', 'timestamp with time zone')`;
    const paidOn = new Map((await t.db.honorariumEntry.findMany({ where: { surveyId: survey.id } })).map((h) => [h.accountId, h.createdAt.toISOString().slice(0, 10)]));
    // Each label holds at least k answers, indistinguishable from one another (one transaction
    // id, random physical order, one day: the next test): the floor of every anonymity set.
    const perLabel = new Map<string, number>();
    for (const r of responses) perLabel.set(r.segment, (perLabel.get(r.segment) ?? 0) + 1);
    expect(Math.min(...perLabel.values())).toBeGreaterThanOrEqual(K);
    let smallest = Infinity;
    for (const r of responses) {
      // Whoever could have written it: in its label's subtree, had a token before its
      // transaction, and — if paid — was paid on or after its day. A coarse label means "the rest
      // of its subtree" only among answers settled together: an answer settled in an earlier
      // sweep, when its segment was still small, keeps its coarse label when later answers of
      // the same segment reach k and get their own (segment-groups.ts). So the thief cannot
      // strike the members of a finer label off a coarse label's candidates.
      const candidates = [...people].filter(([account, p]) =>
        ancestry(p.segment).includes(r.segment) &&
        p.xid < BigInt(r.xid) &&
        (!paidOn.has(account) || paidOn.get(account)! >= r.day));
      smallest = Math.min(smallest, candidates.length);
    }
    console.info(`red team: answers — smallest anonymity set ${smallest} (k = ${K}) over ${responses.length} answers, labels ${[...labels].sort().join(', ')}; date columns on participation records: ${dateColumns.map((c) => `${c.table_name}.${c.column_name}`).join(', ')}`);
    expect(smallest).toBeGreaterThanOrEqual(K);
    // The lone neurologist's segment appears nowhere in what is stored, planner statistics included.
    const stats = await t.db.$queryRaw<Array<{ values: string | null }>>`
      SELECT concat(most_common_vals::text, histogram_bounds::text) AS values FROM pg_stats
      WHERE tablename IN ('survey_response', 'survey_answer') AND attname = 'segment'`;
    expect(stats.length).toBeGreaterThan(0);
    const notStored = [...new Set(physicians.map((p) => segmentOf(p.credential)))].filter((segment) => !labels.has(segment));
    expect(notStored).toContain('neurology|BE|0-9');
    for (const { values } of stats) for (const segment of notStored) expect(values ?? '').not.toContain(segment);
    expect([...labels].some((l) => l.startsWith('neurology'))).toBe(false);
    expect(new Set(responses.map((r) => r.day)).size).toBe(1);
  });

  it('are in no order that follows the token issues, and share no transaction id with a spent token or receipt', async () => {
    const people = await participants();
    const issueOrder = [...people.entries()].sort((a, b) => (a[1].xid < b[1].xid ? -1 : 1)).map(([account]) => account);
    const byIndex = new Map(physicians.map((p, i) => [i, p.account.id]));
    const physical = await t.db.$queryRaw<Array<{ n: number }>>`
      SELECT a.number AS n FROM survey_response r JOIN survey_answer a ON a.response_id = r.id AND a.number IS NOT NULL
      WHERE r.survey_id = ${survey.id}::uuid ORDER BY r.ctid`;
    const answerOrder = physical.map((r) => byIndex.get(r.n)!);
    const rho = rankCorrelation(answerOrder, issueOrder.filter((a) => answerOrder.includes(a)));
    // Pairing the i-th stored answer with the i-th token taken (of those who answered).
    const paired = answerOrder.filter((a, i) => issueOrder.filter((x) => answerOrder.includes(x))[i] === a).length;
    const shared = await t.db.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM survey_response r
      WHERE r.survey_id = ${survey.id}::uuid AND (r.xmin IN (SELECT xmin FROM spent_token) OR r.xmin IN (SELECT xmin FROM spent_receipt) OR r.xmin IN (SELECT xmin FROM survey_token_issue))`;
    const xmins = await t.db.$queryRaw<Array<{ n: number }>>`SELECT count(DISTINCT xmin::text)::int AS n FROM survey_response WHERE survey_id = ${survey.id}::uuid`;
    console.info(`red team: answers — ctid vs token order ρ = ${rho.toFixed(2)}, i-th answer = i-th token for ${paired}/${answerOrder.length}, distinct xmins ${xmins[0]!.n}, sharing an xmin with a token/receipt row ${shared[0]!.n}`);
    expect(Math.abs(rho)).toBeLessThan(0.75);
    expect(xmins[0]!.n).toBe(1);
    expect(shared[0]!.n).toBe(0);
  });

  it("leave the survey's place shards with no answer's or token issue's transaction id, and no time or account", async () => {
    // Each answer (and token issue) writes one of the open survey's place shards: after the
    // settle, a shard must not keep the transaction id of the last one that wrote it.
    const places = await t.db.$queryRaw<Array<{ xid: string; tied: boolean }>>`
      SELECT p.xmin::text AS xid,
             (p.xmin IN (SELECT xmin FROM spent_token) OR p.xmin IN (SELECT xmin FROM spent_receipt) OR p.xmin IN (SELECT xmin FROM survey_token_issue)) AS tied
      FROM survey_place p WHERE p.survey_id = ${survey.id}::uuid`;
    const settled = await t.db.$queryRaw<Array<{ xid: string }>>`SELECT DISTINCT xmin::text AS xid FROM survey_response WHERE survey_id = ${survey.id}::uuid`;
    const taken = await t.db.surveyPlace.aggregate({ where: { surveyId: survey.id }, _sum: { taken: true, tokens: true } });
    console.info(`red team: place shards — ${places.length} rows, xmins ${[...new Set(places.map((p) => p.xid))].join(', ')} (settle ${settled.map((r) => r.xid).join(', ')}), sharing one with a token/receipt row ${places.filter((p) => p.tied).length}`);
    expect(places.length).toBeGreaterThan(0);
    expect(taken._sum.taken).toBeGreaterThan(0);
    expect(places.filter((p) => p.tied)).toEqual([]);
    expect(new Set(places.map((p) => p.xid))).toEqual(new Set(settled.map((r) => r.xid)));
    const columns = await t.db.$queryRaw<Array<{ column_name: string; data_type: string }>>`
      SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'survey_place' ORDER BY column_name`;
    expect(columns.map((c) => `${c.column_name}:${c.data_type}`)).toEqual(['places:integer', 'shard:smallint', 'survey_id:uuid', 'taken:integer', 'tokens:integer']);
  });

  it("leave the survey's quota cells with no answer's or token issue's transaction id, and no time or account", async () => {
    // Each answer counts in the cells its label may fall in: after the settle, no cell keeps the
    // transaction id of the last answer that counted in it (which would name that answer's label).
    const cells = await t.db.$queryRaw<Array<{ xid: string; taken: number; tied: boolean }>>`
      SELECT q.xmin::text AS xid, q.taken,
             (q.xmin IN (SELECT xmin FROM spent_token) OR q.xmin IN (SELECT xmin FROM spent_receipt) OR q.xmin IN (SELECT xmin FROM survey_token_issue)) AS tied
      FROM survey_quota q WHERE q.survey_id = ${survey.id}::uuid`;
    const settled = await t.db.$queryRaw<Array<{ xid: string }>>`SELECT DISTINCT xmin::text AS xid FROM survey_response WHERE survey_id = ${survey.id}::uuid`;
    console.info(`red team: quota cells — ${cells.length} rows, taken ${cells.map((c) => c.taken).join(', ')}, xmins ${[...new Set(cells.map((c) => c.xid))].join(', ')}, sharing one with a token/receipt row ${cells.filter((c) => c.tied).length}`);
    expect(cells).toHaveLength(2);
    expect(cells.some((c) => c.taken > 0)).toBe(true);
    expect(cells.filter((c) => c.tied)).toEqual([]);
    expect(new Set(cells.map((c) => c.xid))).toEqual(new Set(settled.map((r) => r.xid)));
    const columns = await t.db.$queryRaw<Array<{ column_name: string; data_type: string }>>`
      SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'survey_quota' ORDER BY column_name`;
    expect(columns.map((c) => `${c.column_name}:${c.data_type}`)).toEqual([
      'country:character', 'max_answers:integer', 'position:smallint', 'specialty:character varying', 'survey_id:uuid', 'taken:integer', 'years_band:character varying',
    ]);
  });

  it('leave resume copies that say no more than the token issues: one length, nothing readable, no answer\'s transaction id', async () => {
    // The thief reads every sealed copy and blind signature, with their xmin and physical order.
    const copies = await t.db.$queryRaw<Array<{ account: string; xid: string; issueXid: string; sealed: Uint8Array; signature: Uint8Array; tied: boolean }>>`
      SELECT c.account_id::text AS account, c.xmin::text AS xid, i.xmin::text AS "issueXid", c.sealed_copy AS sealed, c.blind_signature AS signature,
             (c.xmin IN (SELECT xmin FROM spent_token) OR c.xmin IN (SELECT xmin FROM spent_receipt) OR c.xmin IN (SELECT xmin FROM survey_response)) AS tied
      FROM survey_resume c JOIN survey_token_issue i USING (survey_id, account_id) WHERE c.survey_id = ${survey.id}::uuid ORDER BY c.ctid`;
    const paid = new Set((await t.db.honorariumEntry.findMany({ where: { surveyId: survey.id }, select: { accountId: true } })).map((h) => h.accountId));
    const tookTokens = new Set([...tookToken].map((i) => physicians[i]!.account.id));
    // Whose copy is stored: whoever took a token and was not paid — what the issues and the ledger already say.
    expect(new Set(copies.map((c) => c.account))).toEqual(new Set([...tookTokens].filter((a) => !paid.has(a))));
    expect(copies.length).toBeGreaterThan(0);
    // Written by the issue's own statement: a copy's transaction is its issue's, never an answer's or a receipt's.
    expect(copies.filter((c) => c.xid !== c.issueXid || c.tied)).toEqual([]);
    // One length for all: the length tells no key label. Nothing of a spent token is in them.
    expect(new Set(copies.map((c) => c.sealed.length))).toEqual(new Set([SEALED_COPY_BYTES]));
    expect(new Set(copies.map((c) => c.signature.length)).size).toBe(1);
    const spent = await t.db.spentToken.findMany({ where: { surveyId: survey.id }, select: { message: true } });
    expect(spent.length).toBe(answered.size);
    const haystack = copies.map((c) => Buffer.concat([Buffer.from(c.sealed), Buffer.from(c.signature)]));
    // Any 16 bytes of a spent token's message (its random part included) found in a copy would name its author.
    const found = spent.filter((s) => haystack.some((h) => h.includes(Buffer.from(s.message).subarray(8, 24))));
    const columns = await t.db.$queryRaw<Array<{ column_name: string; data_type: string }>>`
      SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'survey_resume' ORDER BY column_name`;
    console.info(`red team: resume copies — ${copies.length} stored (${paid.size} paid and gone), lengths ${[...new Set(copies.map((c) => c.sealed.length))].join(', ')}, sharing an xmin with an answer/spent token/receipt ${copies.filter((c) => c.tied).length}, spent tokens found inside ${found.length}`);
    expect(found).toEqual([]);
    expect(columns.map((c) => `${c.column_name}:${c.data_type}`)).toEqual(['account_id:uuid', 'blind_signature:bytea', 'sealed_copy:bytea', 'survey_id:uuid']);
  });
});

describe('edits, bookmarks, follows and mentions, against a thief with the live database', () => {
  /** Who acted, in the order they acted: each bookmarks a thread, replies mentioning someone, then edits the reply. */
  const actors: number[] = [];
  const HANDLE = '{ me { pseudonym { handle } } }';
  const sideTables = ['account', 'session', 'credential', 'audit_entry', 'survey_token_issue', 'honorarium_entry', 'passkey'];

  beforeAll(async () => {
    const threadId = (await t.db.thread.findFirstOrThrow({ select: { id: true } })).id;
    const verified = physicians.map((_, i) => i).sort(() => Math.random() - 0.5).slice(0, ACTORS);
    for (const i of verified) {
      const p = physicians[i]!;
      const other = physicians[verified[(verified.indexOf(i) + 1) % verified.length]!]!;
      const handle = (await t.gql<{ me: { pseudonym: { handle: string } } }>(HANDLE, {}, { token: other.token })).data!.me.pseudonym.handle;
      expect((await t.gql('mutation ($t: ID!) { setBookmark(threadId: $t, bookmarked: true) }', { t: threadId }, { token: p.token })).errors).toBeUndefined();
      const follow = await t.gql('mutation ($t: String!) { setFollow(targetKind: THREAD, target: $t, level: WATCHING) }', { t: threadId }, { token: p.token });
      expect(follow.errors).toBeUndefined();
      const reply = await t.gql<{ reply: { id: string } }>('mutation ($i: ReplyInput!) { reply(input: $i) { id } }', { i: { threadId, body: `@${handle} what do you think?` } }, { token: p.token });
      expect(reply.errors).toBeUndefined();
      const edit = await t.gql('mutation ($p: ID!, $b: String!) { editPost(postId: $p, body: $b) { id } }', { p: reply.data!.reply.id, b: `@${handle} what do you think now?` }, { token: p.token });
      expect(edit.errors).toBeUndefined();
      actors.push(i);
    }
  }, 120_000);

  /** Each actor's pseudonym id, from the truth. */
  const pseudonymOf = async (i: number) => (await truth()).get(physicians[i]!.credential.id)!;

  it('share no transaction id with any row beside an account', async () => {
    const rows = await t.db.$queryRawUnsafe<Array<{ n: number; tied: number }>>(`
      WITH d AS (SELECT xmin::text AS x FROM post_edit UNION ALL SELECT xmin::text FROM bookmark UNION ALL SELECT xmin::text FROM notification
                 UNION ALL SELECT xmin::text FROM follow UNION ALL SELECT xmin::text FROM post WHERE edited_at IS NOT NULL)
      SELECT count(*)::int AS n, count(*) FILTER (WHERE x IN (${sideTables.map((s) => `SELECT xmin::text FROM ${s}`).join(' UNION ')}))::int AS tied FROM d`);
    console.info(`red team: edits, bookmarks, notifications — ${rows[0]!.n} rows, ${rows[0]!.tied} sharing a transaction id with ${sideTables.join(', ')}`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(actors.length * 3);
    expect(rows[0]!.tied).toBe(0);
  });

  it('hold no account or credential id in any column', async () => {
    const columns = await t.db.$queryRaw<Array<{ table_name: string; column_name: string }>>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_name IN ('post_edit', 'bookmark', 'notification', 'follow') AND data_type = 'uuid'`;
    expect(columns.length).toBeGreaterThanOrEqual(7);
    for (const { table_name: table, column_name: column } of columns) {
      const [hit] = await t.db.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM ${table} WHERE ${column} IN (SELECT id FROM account UNION SELECT id FROM credential UNION SELECT account_id FROM session)`,
      );
      expect(hit!.n, `${table}.${column}`).toBe(0);
    }
  });

  it('an edit’s time names its author no better than chance, against every time stored beside an account', async () => {
    const edits = await t.db.$queryRaw<Array<{ author: string; at: Date }>>`
      SELECT p.author_id::text AS author, e.edited_at AS at FROM post_edit e JOIN post p ON p.id = e.post_id`;
    const side = await t.db.$queryRaw<Array<{ account: string; at: Date }>>`
      SELECT account_id::text AS account, t AS at FROM session, unnest(ARRAY[created_at, last_seen_at]) t
      UNION ALL SELECT id::text, created_at FROM account
      UNION ALL SELECT account_id::text, t FROM credential, unnest(ARRAY[submitted_at, decided_at]) t WHERE t IS NOT NULL`;
    const accountOf = new Map(await Promise.all(actors.map(async (i) => [await pseudonymOf(i), physicians[i]!.account.id] as const)));
    const named = edits.filter((edit) => {
      const nearest = side.reduce((best, s) => (Math.abs(s.at.getTime() - edit.at.getTime()) < Math.abs(best.at.getTime() - edit.at.getTime()) ? s : best));
      return nearest.account === accountOf.get(edit.author);
    }).length;
    console.info(`red team: edits — the nearest time beside an account names the author of ${named}/${edits.length} (chance ≈ ${(edits.length / physicians.length).toFixed(1)})`);
    expect(edits).toHaveLength(actors.length);
    expect(named).toBeLessThanOrEqual(1);
  });

  it('are not stored in an order any account-side table shares', async () => {
    const order = async (sql: string) => (await t.db.$queryRawUnsafe<Array<{ id: string }>>(sql)).map((r) => r.id);
    const pseudonyms = await Promise.all(actors.map(pseudonymOf));
    const accountOf = new Map(actors.map((i, n) => [pseudonyms[n]!, physicians[i]!.account.id]));
    const acting = new Set(accountOf.values());
    const bookmarks = (await order('SELECT pseudonym_id::text AS id FROM bookmark ORDER BY ctid')).map((p) => accountOf.get(p)!).filter(Boolean);
    const edits = (await order('SELECT p.author_id::text AS id FROM post_edit e JOIN post p ON p.id = e.post_id ORDER BY e.ctid')).map((p) => accountOf.get(p)!);
    const follows = (await order('SELECT pseudonym_id::text AS id FROM follow ORDER BY ctid')).map((p) => accountOf.get(p)!).filter(Boolean);
    for (const table of ['session', 'credential', 'survey_token_issue', 'honorarium_entry']) {
      const sideOrder = [...new Set((await order(`SELECT account_id::text AS id FROM ${table} ORDER BY ctid`)).filter((a) => acting.has(a)))];
      if (sideOrder.length < acting.size) continue;
      const [rhoB, rhoE] = [rankCorrelation(bookmarks, sideOrder), rankCorrelation(edits, sideOrder)];
      console.info(`red team: bookmarks / edits — ctid order vs ${table} order ρ = ${rhoB.toFixed(2)} / ${rhoE.toFixed(2)}`);
      expect(Math.abs(rhoB)).toBeLessThan(0.8);
      expect(Math.abs(rhoE)).toBeLessThan(0.8);
      const rhoF = rankCorrelation(follows, sideOrder);
      console.info(`red team: follows — ctid order vs ${table} order ρ = ${rhoF.toFixed(2)}`);
      expect(Math.abs(rhoF)).toBeLessThan(0.8);
    }
    expect(bookmarks).toHaveLength(actors.length);
    expect(follows).toHaveLength(actors.length);
  });
});

describe('questions to specialists and opt-ins, against a thief with the live database', () => {
  /** Who acted: each opts in with quiet hours, then asks a question of another specialty. */
  const actors: number[] = [];
  const sideTables = ['account', 'session', 'credential', 'audit_entry', 'survey_token_issue', 'honorarium_entry', 'passkey'];
  const TABLES = ['thread_question', 'specialist_availability'];

  beforeAll(async () => {
    const chosen = physicians.map((_, i) => i).sort(() => Math.random() - 0.5).slice(0, ACTORS);
    for (const i of chosen) {
      const p = physicians[i]!;
      const opt = await t.gql('mutation { setSpecialistAvailability(input: { optedIn: true, quietStartHour: 22, quietEndHour: 7, timeZone: "Europe/Paris" }) { optedIn } }', {}, { token: p.token });
      expect(opt.errors).toBeUndefined();
      const specialty = p.credential.specialty === 'cardiology' ? 'pediatrics' : 'cardiology';
      const asked = await t.gql('mutation ($i: AskSpecialistInput!) { askSpecialist(input: $i) { id } }', { i: { specialty, urgency: i % 2 ? 'URGENT' : 'ROUTINE', title: `Question ${i}`, body: 'What next?' } }, { token: p.token });
      expect(asked.errors).toBeUndefined();
      actors.push(i);
    }
  }, 120_000);

  it('share no transaction id with any row beside an account, and their notifications neither', async () => {
    const rows = await t.db.$queryRawUnsafe<Array<{ n: number; tied: number }>>(`
      WITH d AS (${[...TABLES, 'notification'].map((table) => `SELECT xmin::text AS x FROM ${table}`).join(' UNION ALL ')})
      SELECT count(*)::int AS n, count(*) FILTER (WHERE x IN (${sideTables.map((s) => `SELECT xmin::text FROM ${s}`).join(' UNION ')}))::int AS tied FROM d`);
    console.info(`red team: questions, opt-ins and their notifications — ${rows[0]!.n} rows, ${rows[0]!.tied} sharing a transaction id with ${sideTables.join(', ')}`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(actors.length * 2);
    expect(rows[0]!.tied).toBe(0);
  });

  it('hold no account or credential id in any column, and no time column at all', async () => {
    const columns = await t.db.$queryRaw<Array<{ table_name: string; column_name: string; data_type: string }>>`
      SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_name IN ('thread_question', 'specialist_availability')`;
    expect(columns.filter((c) => /time|interval|date/.test(c.data_type)).map((c) => `${c.table_name}.${c.column_name}`)).toEqual([]);
    const uuids = columns.filter((c) => c.data_type === 'uuid');
    expect(uuids.length).toBeGreaterThanOrEqual(3);
    for (const { table_name: table, column_name: column } of uuids) {
      const [hit] = await t.db.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM ${table} WHERE ${column} IN (SELECT id FROM account UNION SELECT id FROM credential UNION SELECT account_id FROM session)`,
      );
      expect(hit!.n, `${table}.${column}`).toBe(0);
    }
  });

  it('are not stored in an order any account-side table shares', async () => {
    const truthMap = await truth();
    const accountOf = new Map(actors.map((i) => [truthMap.get(physicians[i]!.credential.id)!, physicians[i]!.account.id]));
    const acting = new Set(accountOf.values());
    const order = async (sql: string) => (await t.db.$queryRawUnsafe<Array<{ id: string }>>(sql)).map((r) => r.id);
    const optIns = (await order('SELECT pseudonym_id::text AS id FROM specialist_availability ORDER BY ctid')).map((p) => accountOf.get(p)!).filter(Boolean);
    expect(optIns).toHaveLength(actors.length);
    for (const table of ['session', 'credential', 'survey_token_issue', 'honorarium_entry']) {
      const sideOrder = [...new Set((await order(`SELECT account_id::text AS id FROM ${table} ORDER BY ctid`)).filter((a) => acting.has(a)))];
      if (sideOrder.length < acting.size) continue;
      const rho = rankCorrelation(optIns, sideOrder);
      console.info(`red team: opt-ins — ctid order vs ${table} order ρ = ${rho.toFixed(2)}`);
      expect(Math.abs(rho)).toBeLessThan(0.8);
    }
  });
});

describe('questions addressed to a region, against a thief with the live database', () => {
  /**
   * Every cardiologist takes questions; each pediatrician asks cardiology a question addressed to
   * the other region than hers (a region names the addressees, never the asker). The thief reads
   * the question's region as the asker's and guesses among the credentials of the asker's badge
   * (pediatrics, FR) that name it: were the column the asker's region, every guess would hold her.
   */
  const askers = () => physicians.filter((p) => p.credential.specialty === 'pediatrics');
  const other = (region: string | null) => (region === 'Occitanie' ? 'Bretagne' : 'Occitanie');

  beforeAll(async () => {
    for (const p of physicians.filter((c) => c.credential.specialty === 'cardiology')) {
      expect((await t.gql('mutation { setSpecialistAvailability(input: { optedIn: true }) { optedIn } }', {}, { token: p.token })).errors).toBeUndefined();
    }
    for (const [i, p] of askers().entries()) {
      const input = { specialty: 'cardiology', country: 'FR', region: other(p.credential.region), urgency: 'URGENT', title: `Regional question ${i}`, body: 'What next?' };
      const asked = await t.gql('mutation ($i: AskSpecialistInput!) { askSpecialist(input: $i) { id } }', { i: input }, { token: p.token });
      expect(asked.errors, JSON.stringify(asked.errors)).toBeUndefined();
    }
  }, 120_000);

  it('do not narrow the asker down: the region is not where she practises', async () => {
    const truthMap = await truth();
    const questions = await t.db.$queryRaw<Array<{ author: string; region: string; specialty: string; country: string }>>`
      SELECT t.author_id::text AS author, q.region, a.specialty, a.country FROM thread_question q JOIN thread t ON t.id = q.thread_id
      JOIN pseudonym a ON a.id = t.author_id WHERE q.region IS NOT NULL`;
    expect(questions).toHaveLength(askers().length);
    let named = 0;
    for (const q of questions) {
      const candidates = await t.db.credential.findMany({ where: { status: 'VERIFIED', specialty: q.specialty, country: q.country, region: q.region }, select: { id: true } });
      if (candidates.some((c) => truthMap.get(c.id) === q.author)) named++;
    }
    console.info(`red team: regional questions — the asker among the credentials of her badge in the question's region: ${named} of ${questions.length}`);
    expect(named).toBe(0);
  });

  it('notify only the addressed region’s specialists, never the asker’s region as such', async () => {
    const truthMap = await truth();
    const regionOf = new Map(physicians.map((p) => [truthMap.get(p.credential.id)!, p.credential.region]));
    const rows = await t.db.$queryRaw<Array<{ recipient: string; region: string }>>`
      SELECT n.recipient_id::text AS recipient, q.region FROM notification n JOIN thread_question q ON q.thread_id = n.post_id WHERE q.region IS NOT NULL`;
    expect(rows.length).toBeGreaterThanOrEqual(askers().length * K);
    expect(rows.filter((r) => regionOf.get(r.recipient) !== r.region)).toEqual([]);
  });
});

describe('private messages, against a thief with the live database', () => {
  /** Who wrote, in the order they wrote: each starts a conversation with the next one, who answers; some block, one reports. */
  const writers: number[] = [];
  const TABLES = ['conversation', 'conversation_member', 'message', 'pseudonym_block', 'message_report'];
  const sideTables = ['account', 'session', 'credential', 'audit_entry', 'survey_token_issue', 'honorarium_entry', 'passkey'];
  const ME = '{ me { pseudonym { id handle } } }';

  beforeAll(async () => {
    const chosen = physicians.map((_, i) => i).sort(() => Math.random() - 0.5).slice(0, ACTORS);
    const me = new Map<number, { id: string; handle: string }>();
    for (const i of chosen) me.set(i, (await t.gql<{ me: { pseudonym: { id: string; handle: string } } }>(ME, {}, { token: physicians[i]!.token })).data!.me.pseudonym);
    for (const [n, i] of chosen.entries()) {
      const next = chosen[(n + 1) % chosen.length]!;
      const started = await t.gql<{ startConversation: { id: string; lastMessage: { id: string } } }>(
        'mutation ($h: [String!]!) { startConversation(input: { handles: $h, body: "A question about a patient" }) { id lastMessage { id } } }', { h: [me.get(next)!.handle] }, { token: physicians[i]!.token });
      expect(started.errors).toBeUndefined();
      writers.push(i);
      const answer = await t.gql('mutation ($c: ID!) { sendMessage(conversationId: $c, body: "Happy to help") { id } }', { c: started.data!.startConversation.id }, { token: physicians[next]!.token });
      expect(answer.errors).toBeUndefined();
      writers.push(next);
      if (n % 4 === 0) await t.gql('mutation ($p: ID!) { setPseudonymBlocked(pseudonymId: $p, blocked: true) }', { p: me.get(i)!.id }, { token: physicians[next]!.token });
      if (n === 5) await t.gql('mutation ($m: ID!) { reportMessage(messageId: $m, reason: "Unsolicited advertising") }', { m: started.data!.startConversation.lastMessage.id }, { token: physicians[next]!.token });
    }
  }, 120_000);

  it('share no transaction id with any row beside an account', async () => {
    const rows = await t.db.$queryRawUnsafe<Array<{ n: number; tied: number }>>(`
      WITH d AS (${TABLES.map((table) => `SELECT xmin::text AS x FROM ${table}`).join(' UNION ALL ')})
      SELECT count(*)::int AS n, count(*) FILTER (WHERE x IN (${sideTables.map((s) => `SELECT xmin::text FROM ${s}`).join(' UNION ')}))::int AS tied FROM d`);
    console.info(`red team: private messages — ${rows[0]!.n} rows, ${rows[0]!.tied} sharing a transaction id with ${sideTables.join(', ')}`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(writers.length * 2);
    expect(rows[0]!.tied).toBe(0);
  });

  it('hold no account or credential id in any column, and no time finer than a day', async () => {
    const columns = await t.db.$queryRawUnsafe<Array<{ table_name: string; column_name: string; data_type: string }>>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name IN (${TABLES.map((x) => `'${x}'`).join(', ')})`);
    expect(columns.filter((c) => /time|interval/.test(c.data_type)).map((c) => `${c.table_name}.${c.column_name}`)).toEqual([]);
    const uuids = columns.filter((c) => c.data_type === 'uuid');
    expect(uuids.length).toBeGreaterThanOrEqual(9);
    for (const { table_name: table, column_name: column } of uuids) {
      const [hit] = await t.db.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM ${table} WHERE ${column} IN (SELECT id FROM account UNION SELECT id FROM credential UNION SELECT account_id FROM session)`,
      );
      expect(hit!.n, `${table}.${column}`).toBe(0);
    }
  });

  it('a message’s day names its author no better than chance, against every time stored beside an account', async () => {
    const messages = await t.db.$queryRaw<Array<{ author: string; at: Date }>>`SELECT author_id::text AS author, day::timestamptz AS at FROM message`;
    const side = await t.db.$queryRaw<Array<{ account: string; at: Date }>>`
      SELECT account_id::text AS account, t AS at FROM session, unnest(ARRAY[created_at, last_seen_at]) t
      UNION ALL SELECT id::text, created_at FROM account
      UNION ALL SELECT account_id::text, t FROM credential, unnest(ARRAY[submitted_at, decided_at]) t WHERE t IS NOT NULL`;
    const accountOf = new Map([...(await truth()).entries()].map(([credential, pseudonym]) => [pseudonym, physicians.find((p) => p.credential.id === credential)!.account.id]));
    const named = messages.filter((m) => {
      const nearest = side.reduce((best, s) => (Math.abs(s.at.getTime() - m.at.getTime()) < Math.abs(best.at.getTime() - m.at.getTime()) ? s : best));
      return nearest.account === accountOf.get(m.author);
    }).length;
    console.info(`red team: private messages — the nearest time beside an account names the author of ${named}/${messages.length} (chance ≈ ${(messages.length / physicians.length).toFixed(1)})`);
    expect(messages).toHaveLength(writers.length);
    expect(named).toBeLessThanOrEqual(Math.ceil(messages.length / physicians.length) + 1);
  });

  it('are not stored in an order any account-side table shares', async () => {
    const order = async (sql: string) => (await t.db.$queryRawUnsafe<Array<{ id: string }>>(sql)).map((r) => r.id);
    const accountOf = new Map([...(await truth()).entries()].map(([credential, pseudonym]) => [pseudonym, physicians.find((p) => p.credential.id === credential)!.account.id]));
    const acting = new Set(writers.map((i) => physicians[i]!.account.id));
    const firstSeen = (ids: string[]) => [...new Set(ids.map((p) => accountOf.get(p)!).filter((a) => acting.has(a)))];
    const messages = firstSeen(await order('SELECT author_id::text AS id FROM message ORDER BY ctid'));
    const members = firstSeen(await order('SELECT pseudonym_id::text AS id FROM conversation_member ORDER BY ctid'));
    for (const table of ['session', 'credential', 'survey_token_issue', 'honorarium_entry']) {
      const sideOrder = [...new Set((await order(`SELECT account_id::text AS id FROM ${table} ORDER BY ctid`)).filter((a) => acting.has(a)))];
      if (sideOrder.length < acting.size) continue;
      const [rhoM, rhoC] = [rankCorrelation(messages, sideOrder), rankCorrelation(members, sideOrder)];
      console.info(`red team: messages / conversation members — ctid order vs ${table} order ρ = ${rhoM.toFixed(2)} / ${rhoC.toFixed(2)}`);
      expect(Math.abs(rhoM)).toBeLessThan(0.8);
      expect(Math.abs(rhoC)).toBeLessThan(0.8);
    }
    expect(messages).toHaveLength(acting.size);
  });
});

describe('e-mail links, against a thief with the live database', () => {
  /** Who asked for a reset link, each right before writing a reply under their pseudonym. */
  const askers: number[] = [];

  beforeAll(async () => {
    const threadId = (await t.db.thread.findFirstOrThrow({ select: { id: true } })).id;
    for (const i of physicians.map((_, n) => n).sort(() => Math.random() - 0.5).slice(0, 10)) {
      const p = physicians[i]!;
      expect((await t.gql('mutation ($e: String!) { requestPasswordReset(email: $e) }', { e: p.account.email }, { ip: `198.18.0.${i}` })).errors).toBeUndefined();
      expect((await t.gql('mutation ($i: ReplyInput!) { reply(input: $i) { id } }', { i: { threadId, body: 'Asked for a new password, then replied.' } }, { token: p.token })).errors).toBeUndefined();
      askers.push(i);
    }
    // The link is stored after the answer (the same time for an unknown address): wait for every one.
    for (let waited = 0; (await t.db.emailToken.count({ where: { purpose: 'RESET_PASSWORD' } })) < askers.length && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 120_000);

  it('share no transaction id with a post, a vote or a pseudonym', async () => {
    const [row] = await t.db.$queryRaw<Array<{ n: number; tied: number }>>`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE xmin::text IN (SELECT xmin::text FROM post UNION SELECT xmin::text FROM post_vote UNION SELECT xmin::text FROM pseudonym))::int AS tied
      FROM email_token`;
    console.info(`red team: e-mail links — ${row!.n} stored, ${row!.tied} sharing a transaction id with a post, a vote or a pseudonym`);
    expect(row!.n).toBe(askers.length);
    expect(row!.tied).toBe(0);
  });

  it('hold no exact time: only an expiry on a whole hour, beside the account, a purpose and a hash', async () => {
    const columns = await t.db.$queryRaw<Array<{ column_name: string; data_type: string }>>`
      SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'email_token' ORDER BY column_name`;
    expect(columns.map((c) => `${c.column_name}:${c.data_type}`)).toEqual([
      'account_id:uuid', 'expires_at:timestamp with time zone', 'new_email:character varying', 'purpose:USER-DEFINED', 'token_hash:bytea',
    ]);
    const expiries = await t.db.emailToken.findMany({ select: { expiresAt: true } });
    expect(expiries.filter((e) => e.expiresAt.getTime() % 3_600_000 !== 0)).toEqual([]);
  });
});

describe('idempotency records, against a thief with Redis, the database and RATE_LIMIT_KEY_SECRET', () => {
  it('name no session, account, pseudonym or post, and cannot be opened with what the database holds of a session', async () => {
    const thread = await postThread(t, physicians[0]!.token, { title: 'Sent twice on a bad network' });
    const writers = physicians.slice(1, 8);
    const posted: string[] = [];
    for (const p of writers) {
      const key = randomUUID();
      for (let i = 0; i < 2; i++) {
        const res = await t.gql<{ reply: { id: string } }>(REPLY, { i: { threadId: thread.id, body: 'Same here, twice.' } }, { token: p.token, headers: { 'idempotency-key': key } });
        expect(res.errors).toBeUndefined();
        if (i === 0) posted.push(res.data!.reply.id);
      }
    }
    const recordKeys = await t.redis.keys(`${t.env.REDIS_PREFIX}:idempotency:*`);
    expect(recordKeys.length).toBe(writers.length);
    const records = await Promise.all(recordKeys.map(async (key) => ({ key, value: (await t.redis.get(key))! })));

    const sessions = await t.db.session.findMany({ select: { id: true, accountId: true, tokenHash: true } });
    const pseudonyms = await t.db.pseudonym.findMany({ select: { id: true, handle: true } });
    const hashes = sessions.flatMap((s) => ['hex', 'base64', 'base64url'].map((enc) => Buffer.from(s.tokenHash).toString(enc as BufferEncoding)));
    const named = [...sessions.flatMap((s) => [s.id, s.accountId]), ...hashes, ...pseudonyms.flatMap((p) => [p.id, p.handle]), ...posted];
    for (const { key, value } of records) {
      for (const x of named) expect(`${key} ${value}`, 'a record names it').not.toContain(x);
      expect(await t.redis.ttl(key)).toBeLessThanOrEqual(t.env.IDEMPOTENCY_WINDOW_SECONDS);
    }

    // The thief derives the sealing key as the API does, from each session as the database knows
    // it (its token's hash) and with no key or with the session id as one: no record opens.
    let opened = 0;
    for (const { value } of records) {
      const sealed = Buffer.from((JSON.parse(value) as { sealed: string }).sealed, 'base64');
      for (const s of sessions) {
        for (const caller of [Buffer.from(s.tokenHash).toString('base64url'), Buffer.from(s.tokenHash).toString('hex'), s.accountId]) {
          for (const key of ['', s.id, createHash('sha256').update(s.id).digest('hex')]) {
            const guess = createHmac('sha256', t.env.RATE_LIMIT_KEY_SECRET).update(`idempotency/seal\0${caller}\0${key}`).digest();
            try {
              const decipher = createDecipheriv('aes-256-gcm', guess, sealed.subarray(0, 12));
              decipher.setAuthTag(sealed.subarray(12, 28));
              decipher.update(sealed.subarray(28));
              decipher.final();
              opened++;
            } catch {
              // not this one
            }
          }
        }
      }
    }
    console.log(`idempotency records: ${records.length}, opened by the thief: ${opened}`);
    expect(opened).toBe(0);
  });
});

describe('the audit log, against a thief with the live database', () => {
  /** Physicians who mistype their password, sign in, reply under their pseudonym and export their data. */
  const actors: number[] = [];

  beforeAll(async () => {
    const threadId = (await t.db.thread.findFirstOrThrow({ select: { id: true } })).id;
    const login = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
    for (const i of physicians.map((_, n) => n).sort(() => Math.random() - 0.5).slice(0, 8)) {
      const p = physicians[i]!;
      expect((await t.gql(login, { e: p.account.email, p: 'not-the-password-at-all' }, { ip: `198.18.1.${i}` })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const signedIn = await t.gql<{ login: { token: string } }>(login, { e: p.account.email, p: TEST_PASSWORD }, { ip: `198.18.1.${i}` });
      expect(signedIn.errors).toBeUndefined();
      expect((await t.gql('mutation ($i: ReplyInput!) { reply(input: $i) { id } }', { i: { threadId, body: 'Signed in, then replied.' } }, { token: signedIn.data!.login.token })).errors).toBeUndefined();
      expect((await t.gql('{ exportMyData }', {}, { token: signedIn.data!.login.token })).errors).toBeUndefined();
      actors.push(i);
    }
  }, 120_000);

  it('holds no time finer than a day for a physician: not in an entry naming their account, not in their sign-in counts', async () => {
    const ids = physicians.map((p) => p.account.id);
    const entries = await t.db.$queryRaw<Array<{ action: string; at: Date }>>`
      SELECT action, at FROM audit_entry WHERE actor_id = ANY(${ids}::uuid[]) OR target_id = ANY(${ids}::uuid[])`;
    const tallies = await t.db.$queryRaw<Array<{ day: Date; attempts: number; successes: number }>>`
      SELECT day::timestamptz AS day, attempts, successes FROM sign_in_tally WHERE account_id = ANY(${ids}::uuid[])`;
    const columns = await t.db.$queryRaw<Array<{ column_name: string; data_type: string }>>`
      SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'sign_in_tally' ORDER BY column_name`;
    const finer = [...entries.map((e) => e.at), ...tallies.map((r) => r.day)].filter((at) => at.getTime() % 86_400_000 !== 0);
    console.info(`red team: audit — ${entries.length} entries and ${tallies.length} sign-in tallies name a physician; ${finer.length} hold a time of day`);
    expect(entries.filter((e) => e.action === 'account.export')).toHaveLength(actors.length);
    expect(tallies.reduce((sum, r) => sum + r.attempts - r.successes, 0)).toBeGreaterThanOrEqual(actors.length);
    expect(finer).toEqual([]);
    expect(columns.filter((c) => c.data_type.startsWith('timestamp') || c.data_type.startsWith('time'))).toEqual([]);
  });
});

describe('passkeys, against a thief with the live database', () => {
  /** Who signed in with a passkey, each right before writing a reply under their pseudonym. */
  const signers: number[] = [];
  const replies = new Map<string, number>();

  beforeAll(async () => {
    const threadId = (await t.db.thread.findFirstOrThrow({ select: { id: true } })).id;
    const chosen = physicians.map((_, n) => n).sort(() => Math.random() - 0.5).slice(0, 10);
    const keys = new Map(chosen.map((i) => [i, new SoftAuthenticator()]));
    for (const i of chosen) await addPasskey(t.gql, physicians[i]!.token, keys.get(i)!, `Key ${i}`);
    for (const i of chosen.sort(() => Math.random() - 0.5)) {
      const signedIn = await t.gql<{ signInWithPasskey: { token: string } }>(SIGN_IN_WITH_PASSKEY, { r: keys.get(i)!.assert(await signInOptions(t.gql)) });
      expect(signedIn.errors, JSON.stringify(signedIn.errors)).toBeUndefined();
      const reply = await t.gql<{ reply: { id: string } }>(REPLY, { i: { threadId, body: 'Signed in with a passkey, then replied.' } }, { token: signedIn.data!.signInWithPasskey.token });
      expect(reply.errors, JSON.stringify(reply.errors)).toBeUndefined();
      replies.set(reply.data!.reply.id, i);
      signers.push(i);
    }
  }, 120_000);

  it('share no transaction id with a post, a vote, a bookmark or a pseudonym', async () => {
    const [row] = await t.db.$queryRaw<Array<{ n: number; tied: number }>>`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE xmin::text IN (
        SELECT xmin::text FROM post UNION SELECT xmin::text FROM post_vote UNION SELECT xmin::text FROM bookmark UNION SELECT xmin::text FROM pseudonym))::int AS tied
      FROM passkey`;
    console.info(`red team: passkeys — ${row!.n} stored, ${row!.tied} sharing a transaction id with a post, a vote, a bookmark or a pseudonym`);
    expect(row!.n).toBe(signers.length);
    expect(row!.tied).toBe(0);
  });

  it('hold no pseudonym id or handle, and no time of day', async () => {
    const pseudonyms = await t.db.pseudonym.findMany({ select: { id: true, handle: true } });
    const rows = await t.db.$queryRaw<Array<{ row: string }>>`SELECT row_to_json(p)::text AS row FROM passkey p`;
    const named = rows.filter(({ row }) => pseudonyms.some((p) => row.includes(p.id) || row.includes(p.handle)));
    const times = await t.db.$queryRaw<Array<{ at: Date }>>`
      SELECT t AS at FROM passkey, unnest(ARRAY[created_on::timestamptz, last_used_on::timestamptz]) t WHERE t IS NOT NULL`;
    const fine = times.filter(({ at }) => at.getTime() % 86_400_000 !== 0);
    console.info(`red team: passkeys — rows naming a pseudonym ${named.length}, stored instants ${times.length} of which not midnight UTC ${fine.length}`);
    expect(named).toEqual([]);
    expect(times.length).toBe(signers.length * 2);
    expect(fine).toEqual([]);
  });

  it('a reply’s time names its author no better than chance, against every passkey day', async () => {
    const posts = await t.db.post.findMany({ where: { id: { in: [...replies.keys()] } }, select: { id: true, createdAt: true } });
    const side = await t.db.$queryRaw<Array<{ account: string; at: Date }>>`
      SELECT account_id::text AS account, t AS at FROM passkey, unnest(ARRAY[created_on::timestamptz, last_used_on::timestamptz]) t WHERE t IS NOT NULL`;
    const named = posts.filter((post) => {
      const nearest = side.reduce((best, s) => (Math.abs(s.at.getTime() - post.createdAt.getTime()) < Math.abs(best.at.getTime() - post.createdAt.getTime()) ? s : best));
      return nearest.account === physicians[replies.get(post.id)!]!.account.id;
    }).length;
    console.info(`red team: passkeys — the nearest passkey day names the author of ${named}/${posts.length} replies (chance ≈ 1)`);
    expect(posts).toHaveLength(signers.length);
    expect(named).toBeLessThanOrEqual(1);
  });
});

describe('peer groups, against a thief with the live database', () => {
  /** Who joined, in the order they joined: the first creates the group and invites; the others join in a random order, some post. */
  const joiners: number[] = [];
  const TABLES = ['peer_group', 'group_member', 'group_invite'];
  const sideTables = ['account', 'session', 'credential', 'audit_entry', 'survey_token_issue', 'honorarium_entry', 'passkey'];

  beforeAll(async () => {
    const chosen = physicians.map((_, i) => i).sort(() => Math.random() - 0.5).slice(0, ACTORS);
    const [first, ...rest] = chosen;
    const created = await t.gql<{ createGroup: { id: string } }>('mutation { createGroup(input: { name: "GLEM red team", kind: GLEM }) { id } }', {}, { token: physicians[first!]!.token });
    expect(created.errors).toBeUndefined();
    const groupId = created.data!.createGroup.id;
    joiners.push(first!);
    const invite = await t.gql<{ createGroupInvite: { code: string } }>('mutation ($g: ID!) { createGroupInvite(groupId: $g) { code } }', { g: groupId }, { token: physicians[first!]!.token });
    for (const [n, i] of rest.entries()) {
      const joined = await t.gql('mutation ($c: String!) { joinGroup(code: $c) { id } }', { c: invite.data!.createGroupInvite.code }, { token: physicians[i]!.token });
      expect(joined.errors).toBeUndefined();
      joiners.push(i);
      if (n % 5 === 0) await postThread(t, physicians[i]!.token, { title: 'A group case', body: 'Only for us', groupId });
    }
  }, 120_000);

  it('share no transaction id with any row beside an account', async () => {
    const rows = await t.db.$queryRawUnsafe<Array<{ n: number; tied: number }>>(`
      WITH d AS (${TABLES.map((table) => `SELECT xmin::text AS x FROM ${table}`).join(' UNION ALL ')})
      SELECT count(*)::int AS n, count(*) FILTER (WHERE x IN (${sideTables.map((s) => `SELECT xmin::text FROM ${s}`).join(' UNION ')}))::int AS tied FROM d`);
    console.info(`red team: peer groups — ${rows[0]!.n} rows, ${rows[0]!.tied} sharing a transaction id with ${sideTables.join(', ')}`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(joiners.length + 2);
    expect(rows[0]!.tied).toBe(0);
  });

  it('hold no account or credential id in any column, and no time at all', async () => {
    const columns = await t.db.$queryRawUnsafe<Array<{ table_name: string; column_name: string; data_type: string }>>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name IN (${TABLES.map((x) => `'${x}'`).join(', ')})`);
    expect(columns.filter((c) => /time|interval/.test(c.data_type)).map((c) => `${c.table_name}.${c.column_name}`)).toEqual([]);
    const uuids = columns.filter((c) => c.data_type === 'uuid');
    expect(uuids.length).toBeGreaterThanOrEqual(5);
    for (const { table_name: table, column_name: column } of uuids) {
      const [hit] = await t.db.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM ${table} WHERE ${column} IN (SELECT id FROM account UNION SELECT id FROM credential UNION SELECT account_id FROM session)`,
      );
      expect(hit!.n, `${table}.${column}`).toBe(0);
    }
  });

  it('are not stored in an order any account-side table shares', async () => {
    const order = async (sql: string) => (await t.db.$queryRawUnsafe<Array<{ id: string }>>(sql)).map((r) => r.id);
    const accountOf = new Map([...(await truth()).entries()].map(([credential, pseudonym]) => [pseudonym, physicians.find((p) => p.credential.id === credential)!.account.id]));
    const acting = new Set(joiners.map((i) => physicians[i]!.account.id));
    const firstSeen = (ids: string[]) => [...new Set(ids.map((p) => accountOf.get(p)!).filter((a) => acting.has(a)))];
    const byCtid = firstSeen(await order('SELECT pseudonym_id::text AS id FROM group_member ORDER BY ctid'));
    const byXmin = firstSeen(await order('SELECT pseudonym_id::text AS id FROM group_member ORDER BY xmin::text::bigint, ctid'));
    // The rank of arrival (seniority) is the join order itself: it must tell no more than the joins did.
    const byRank = firstSeen(await order('SELECT pseudonym_id::text AS id FROM group_member ORDER BY seniority, pseudonym_id'));
    for (const table of ['session', 'credential', 'survey_token_issue', 'honorarium_entry']) {
      const sideOrder = [...new Set((await order(`SELECT account_id::text AS id FROM ${table} ORDER BY ctid`)).filter((a) => acting.has(a)))];
      if (sideOrder.length < acting.size) continue;
      const [rhoC, rhoX, rhoR] = [rankCorrelation(byCtid, sideOrder), rankCorrelation(byXmin, sideOrder), rankCorrelation(byRank, sideOrder)];
      console.info(`red team: group members — ctid / xmin / seniority order vs ${table} order ρ = ${rhoC.toFixed(2)} / ${rhoX.toFixed(2)} / ${rhoR.toFixed(2)}`);
      expect(Math.abs(rhoC)).toBeLessThan(0.8);
      expect(Math.abs(rhoX)).toBeLessThan(0.8);
      expect(Math.abs(rhoR)).toBeLessThan(0.8);
    }
    expect(byCtid).toHaveLength(acting.size);
    expect(byRank).toHaveLength(acting.size);
  });
});

// Last: it deletes accounts the blocks above act with.
describe('a deleted account, against a thief with the live database and even PSEUDONYM_SECRET', () => {
  it('leaves no link from its kept honoraria to its kept pseudonym, and no id that recomputes the key', async () => {
    const paid = await t.db.honorariumEntry.findMany({ select: { accountId: true }, distinct: ['accountId'] });
    const leaving = physicians.filter((p) => paid.some((e) => e.accountId === p.account.id)).slice(0, 2);
    expect(leaving.length).toBe(2);
    const byTruth = await truth();
    const theirPseudonyms = leaving.map((p) => byTruth.get(p.credential.id)!);
    for (const p of leaving) {
      const res = await t.gql('mutation ($p: String!) { deleteMyAccount(password: $p) }', { p: TEST_PASSWORD }, { token: p.token });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    }
    // Before the sweep: the kept ledger (moved to stand-ins) shares no transaction id with the pseudonyms.
    const shared = await t.db.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM pseudonym p
      WHERE p.xmin::text IN (SELECT xmin::text FROM honorarium_entry UNION SELECT xmin::text FROM account)`;
    expect(Number(shared[0]!.n)).toBe(0);
    await sweep();
    const xmins = await t.db.$queryRaw<Array<{ xid: string }>>`SELECT DISTINCT xmin::text AS xid FROM pseudonym`;
    expect(xmins.length).toBe(1);

    // The thief holds the secret too (the design's limit for live accounts): the HMAC of every id
    // stored anywhere finds the live members' pseudonyms, but not the deleted members' ones.
    const tables = await t.db.$queryRaw<Array<{ name: string }>>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`;
    const ids = new Set<string>();
    for (const { name } of tables) {
      const rows = await t.db.$queryRawUnsafe<Array<{ row: string }>>(`SELECT row_to_json(x)::text AS row FROM "${name}" x`);
      for (const { row } of rows) for (const id of row.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []) ids.add(id);
    }
    const keyOf = new Map((await t.db.pseudonym.findMany({ select: { id: true, key: true } })).map((r) => [Buffer.from(r.key).toString('hex'), r.id]));
    const found = new Set([...ids].map((id) => keyOf.get(Buffer.from(pseudonymKey(t.env.PSEUDONYM_SECRET, id)).toString('hex'))).filter(Boolean));
    console.info(`red team: deleted accounts — pseudonyms recomputed from stored ids: ${found.size} live, ${theirPseudonyms.filter((id) => found.has(id)).length} of ${leaving.length} deleted`);
    expect(found.size).toBeGreaterThan(10);
    expect(theirPseudonyms.filter((id) => found.has(id))).toEqual([]);
    // Their posts are still there.
    expect(await t.db.pseudonym.count({ where: { id: { in: theirPseudonyms } } })).toBe(2);
  });
});
