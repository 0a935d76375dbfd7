/**
 * Rotating each secret (docs/operations.md): what users had before a rotation is still theirs
 * after it, through an API started with the new secret — and the pseudonym rotation leaves the
 * thief with the live database no more than before (one transaction id, the order of the random
 * ids, no mapping table, nothing printed).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedCsvUrl } from '../domain/reports/access.ts';
import { unsealPrivateKey } from '../domain/blind-signatures/keys.ts';
import { pseudonymKey } from '../domain/pseudonyms.ts';
import { codeAt } from '../domain/second-factor/totp.ts';
import { postReply, postThread } from '../test/discussion.ts';
import { runCli } from '../test/cli.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';
import { answer, openSurvey, stored, takeToken } from '../test/surveys.ts';
import { resealFactors, resealSurveyKeys, rotatePseudonyms } from './secrets-rotate.ts';

const NEW_SECRET = `rotated-${randomBytes(24).toString('hex')}`;

const cli = (args: string[], env: Record<string, string>) => runCli(args, env);

const VOTE = 'mutation ($p: ID!, $v: Int!) { vote(postId: $p, value: $v) }';
const ME = '{ me { pseudonym { id handle specialty country } } }';
const THREAD = 'query ($id: ID!) { thread(id: $id) { mine myVote author { handle } replies { edges { node { body mine myVote author { handle } } } } } }';
const LOGIN = 'mutation ($e: String!, $p: String!, $f: String) { login(email: $e, password: $p, secondFactor: $f) { account { role } } }';

type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;

describe('pnpm cli secrets:rotate-pseudonym', { timeout: 120_000 }, () => {
  let t: TestApp;
  let after: TestApp;
  const physicians: Physician[] = [];
  const threads: string[] = [];
  /** What each physician saw before the rotation: their pseudonym, and every thread as they see it. */
  const seen = new Map<string, unknown>();

  const view = async (app: TestApp, p: Physician) => ({
    me: (await app.gql(ME, {}, { token: p.token })).data,
    threads: await Promise.all(threads.map(async (id) => (await app.gql(THREAD, { id }, { token: p.token })).data)),
  });

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
    for (let i = 0; i < 6; i++) physicians.push(await t.make.verifiedPhysician({ specialty: i % 2 ? 'cardiology' : 'pediatrics', country: 'FR' }));
    // Threads, replies and votes by all of them, crossing each other.
    for (const [i, p] of physicians.entries()) {
      const thread = await postThread(t, p.token, { title: `Case ${i}` });
      threads.push(thread.id);
      const reply = await postReply(t, physicians[(i + 1) % physicians.length]!.token, thread.id, `Reply by ${(i + 1) % physicians.length}`);
      expect((await t.gql(VOTE, { p: reply.id, v: 1 }, { token: p.token })).errors).toBeUndefined();
      expect((await t.gql(VOTE, { p: thread.id, v: -1 }, { token: physicians[(i + 2) % physicians.length]!.token })).errors).toBeUndefined();
    }
    // The pseudonym of an account deleted at its holder's request: a random key no id reproduces.
    await t.db.pseudonym.create({ data: { key: new Uint8Array(randomBytes(32)), handle: 'Azur-Heron-1000', specialty: 'cardiology', country: 'FR', settled: true } });
    for (const p of physicians) seen.set(p.account.id, await view(t, p));
    expect([...seen.values()].every((v) => (v as { me: { me: { pseudonym: unknown } } }).me.me.pseudonym !== null)).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await after?.close();
    await t.close();
  });

  it('re-keys every pseudonym: each physician keeps their pseudonym, threads, replies and votes under an API on the new secret', async () => {
    const relations = async () => (await t.db.$queryRaw<Array<{ name: string }>>`SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1`).map((r) => r.name);
    const before = await relations();
    const res = await cli(['secrets:rotate-pseudonym'], { DATABASE_URL: t.env.DATABASE_URL, PSEUDONYM_SECRET_PREVIOUS: t.env.PSEUDONYM_SECRET, PSEUDONYM_SECRET: NEW_SECRET });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toBe('pseudonyms re-keyed: 6; already under the new secret: 0; of deleted accounts (random keys, left as they are): 1');

    after = await createTestApp({ RATE_LIMIT_SCALE: '100', PSEUDONYM_SECRET: NEW_SECRET }, { databaseUrl: t.env.DATABASE_URL });
    for (const p of physicians) expect(await view(after, p)).toEqual(seen.get(p.account.id));
    // Sanity of the comparison: each physician is the author of exactly their own thread.
    const mine = await Promise.all(physicians.map(async (p) => (await view(after, p)).threads.filter((th) => (th as { thread: { mine: boolean } }).thread.mine).length));
    expect(mine).toEqual([1, 1, 1, 1, 1, 1]);
    // An API still on the old secret finds nobody's pseudonym: every key moved.
    expect((await t.gql(ME, {}, { token: physicians[0]!.token })).data).toEqual({ me: { pseudonym: null } });
    // And they keep writing as themselves.
    const reply = await postReply(after, physicians[0]!.token, threads[3]!, 'After the rotation');
    expect((await after.gql(THREAD, { id: threads[3] }, { token: physicians[0]!.token })).data!.thread).toMatchObject({
      replies: { edges: expect.arrayContaining([{ node: expect.objectContaining({ body: 'After the rotation', mine: true }) }]) },
    });
    expect(reply.id).toBeTruthy();
    // No table, index or sequence was left behind to hold the mapping.
    expect(await relations()).toEqual(before);
  });

  it('leaves the thief with the database one transaction id for all pseudonyms and the order of their random ids; says only counts', async () => {
    const xmins = await t.db.$queryRaw<Array<{ n: number }>>`SELECT count(DISTINCT xmin::text)::int AS n FROM pseudonym`;
    expect(xmins[0]!.n).toBe(1);
    const physical = (await t.db.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM pseudonym ORDER BY ctid`).map((r) => r.id);
    expect(physical).toEqual([...physical].sort());
    // The API's logs name no pseudonym beside an account.
    const pseudonyms = await t.db.pseudonym.findMany({ select: { id: true, handle: true } });
    for (const line of [...t.logLines, ...after.logLines]) {
      const text = line.toLowerCase();
      const pseudonymous = pseudonyms.some((p) => text.includes(p.id) || text.includes(p.handle.toLowerCase()));
      expect(pseudonymous && physicians.some((p) => text.includes(p.account.id)), line).toBe(false);
    }
  });

  it('is a no-op the second time, and refuses a wrong previous secret without changing anything', async () => {
    expect(await rotatePseudonyms(t.db, t.env.PSEUDONYM_SECRET, NEW_SECRET)).toEqual({ rekeyed: 0, alreadyNew: 6, unmatched: 1 });
    const keys = async () => (await t.db.pseudonym.findMany({ select: { key: true }, orderBy: { id: 'asc' } })).map((r) => Buffer.from(r.key).toString('hex'));
    const before = await keys();
    await expect(rotatePseudonyms(t.db, 'a-secret-nobody-keyed-anything-under-0123', `other-${NEW_SECRET}`)).rejects.toThrow(/keys no pseudonym/);
    expect(await keys()).toEqual(before);
    // A process left on the old secret made a second pseudonym for someone: refused, nothing changed.
    const stray = await t.db.pseudonym.create({ data: { key: pseudonymKey(t.env.PSEUDONYM_SECRET, physicians[0]!.account.id), handle: 'Nova-Lynx-1001', specialty: 'cardiology', country: 'FR' } });
    const withStray = await keys();
    await expect(rotatePseudonyms(t.db, t.env.PSEUDONYM_SECRET, NEW_SECRET)).rejects.toThrow(/1 account\(s\) have a pseudonym under both secrets/);
    expect(await keys()).toEqual(withStray);
    await t.db.pseudonym.delete({ where: { id: stray.id } });
  });

  it('prints no secret and names the missing variable', async () => {
    const res = await cli(['secrets:rotate-pseudonym'], { DATABASE_URL: t.env.DATABASE_URL, PSEUDONYM_SECRET: NEW_SECRET, PSEUDONYM_SECRET_PREVIOUS: '' });
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe('error: secrets:rotate-pseudonym needs PSEUDONYM_SECRET_PREVIOUS (the old secret) and PSEUDONYM_SECRET (the new one) in the environment');
    expect(res.stdout + res.stderr).not.toContain(NEW_SECRET);
  });
});

describe('secrets:reseal-survey-keys', { timeout: 120_000 }, () => {
  let t: TestApp;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await t.close();
  });

  it('tokens issued before, and during the overlap, are accepted after; new ones are issued under the new secret', async () => {
    const [a, b, c] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
    const survey = await openSurvey(t);
    const old = t.env.SURVEY_KEY_SECRET;
    const before = await takeToken(t, survey, a);
    // Processes restarted with the new secret and the old one as previous serve before the re-seal.
    const overlap = await createTestApp({ RATE_LIMIT_SCALE: '100', SURVEY_KEY_SECRET: NEW_SECRET, SURVEY_KEY_SECRET_PREVIOUS: old }, { databaseUrl: t.env.DATABASE_URL });
    apps.push(overlap);
    const during = await takeToken(overlap, survey, b);

    expect(await resealSurveyKeys(t.db, old, NEW_SECRET)).toEqual({ resealed: 2, alreadyNew: 0 });
    const sealed = [(await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).receiptSealedKey!, ...(await t.db.surveySegmentKey.findMany()).map((k) => k.sealedPrivateKey)];
    for (const s of sealed) {
      expect(() => unsealPrivateKey(s, NEW_SECRET)).not.toThrow();
      expect(() => unsealPrivateKey(s, old)).toThrow();
    }

    const afterApp = await createTestApp({ RATE_LIMIT_SCALE: '100', SURVEY_KEY_SECRET: NEW_SECRET }, { databaseUrl: t.env.DATABASE_URL });
    apps.push(afterApp);
    for (const taken of [before, during]) {
      const res = await answer(afterApp, survey, taken);
      expect(res.res.errors, JSON.stringify(res.res.errors)).toBeUndefined();
      expect(res.receipt).toBeTruthy();
    }
    const fresh = await answer(afterApp, survey, await takeToken(afterApp, survey, c));
    expect(fresh.res.errors).toBeUndefined();
    expect(await stored(t, survey.id)).toMatchObject({ responses: 3, spent: 3 });
    expect(await resealSurveyKeys(t.db, old, NEW_SECRET)).toEqual({ resealed: 0, alreadyNew: 2 });
  });
});

describe('secrets:reseal-factors', { timeout: 120_000 }, () => {
  let t: TestApp;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await t.close();
  });

  it('TOTP keeps working after the re-seal; recovery codes made before work while the previous secret is set', async () => {
    const admin = await t.make.admin();
    const old = t.env.FACTOR_KEY_SECRET;
    expect(await resealFactors(t.db, old, NEW_SECRET)).toEqual({ resealed: 1, alreadyNew: 0 });
    const onNew = await createTestApp({ RATE_LIMIT_SCALE: '100', FACTOR_KEY_SECRET: NEW_SECRET }, { databaseUrl: t.env.DATABASE_URL });
    const overlap = await createTestApp({ RATE_LIMIT_SCALE: '100', FACTOR_KEY_SECRET: NEW_SECRET, FACTOR_KEY_SECRET_PREVIOUS: old }, { databaseUrl: t.env.DATABASE_URL });
    apps.push(onNew, overlap);
    const login = (app: TestApp, f: string) => app.gql(LOGIN, { e: admin.account.email, p: TEST_PASSWORD, f });
    expect((await login(onNew, codeAt(admin.totpSecret!))).data).toEqual({ login: { account: { role: 'ADMIN' } } });
    expect((await login(onNew, admin.recoveryCodes[0]!)).errors?.[0]?.extensions?.code).toBeDefined();
    expect((await login(overlap, admin.recoveryCodes[0]!)).data).toEqual({ login: { account: { role: 'ADMIN' } } });
    // Used once, gone.
    expect((await login(overlap, admin.recoveryCodes[0]!)).data?.login).toBeFalsy();
  });
});

describe('REPORT_LINK_SECRET_PREVIOUS', { timeout: 60_000 }, () => {
  let apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('links signed with the previous secret work during the overlap, new ones are signed with the new secret', async () => {
    const before = await createTestApp();
    const old = before.env.REPORT_LINK_SECRET;
    const overlap = await createTestApp({ REPORT_LINK_SECRET: NEW_SECRET, REPORT_LINK_SECRET_PREVIOUS: old }, { databaseUrl: before.env.DATABASE_URL });
    const onlyNew = await createTestApp({ REPORT_LINK_SECRET: NEW_SECRET }, { databaseUrl: before.env.DATABASE_URL });
    apps = [onlyNew, overlap, before];
    const survey = await before.make.survey({ status: 'CLOSED' });
    await before.db.report.create({ data: { surveyId: survey.id, status: 'READY', dueAt: new Date(), result: { respondents: 0, k: 11, epsilon: null, questions: [] } } });
    const handedOut = signedCsvUrl(old, 15, survey.id);
    const fresh = signedCsvUrl(NEW_SECRET, 15, survey.id);
    expect((await before.http(handedOut)).status).toBe(200);
    const during = await overlap.http(handedOut);
    expect(during.status).toBe(200);
    expect(await during.text()).toContain('respondents,0');
    expect((await overlap.http(fresh)).status).toBe(200);
    // After the overlap: only the new secret's links.
    expect((await onlyNew.http(handedOut)).status).toBe(403);
    expect((await onlyNew.http(fresh)).status).toBe(200);
    expect((await overlap.http(signedCsvUrl(`stranger-${NEW_SECRET}`, 15, survey.id))).status).toBe(403);
  });
});
