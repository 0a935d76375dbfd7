/**
 * The hand-written peer of `pnpm bench:answers` and `pnpm bench:tokens`: node:http + pg, doing an
 * answer's and a token's work as the API does it and nothing else, so that the API's rate and CPU
 * per request can be read against what this machine allows at all.
 *
 * - POST /answer (the API's `submitSurveyResponse` body): the survey's questions and receipt key
 *   and the segment's public key (read once per process, as answer-path.ts caches them), the
 *   token's signature verified, the same two Redis limits asked at once, the answers checked
 *   (`checkAnswers`), the same write statement (`answerStatement`, prepared: the spent-token check
 *   is its first step), then the receipt blind-signed.
 * - POST /token (the API's `issueSurveyToken` body, `Authorization: Bearer`): the same session
 *   statement (prepared), the verified-physician rule, the survey's targeting and keys (once per
 *   process, as tokens.ts caches them), the blind signature, the same issue statement.
 * - POST /login (bench:login's `login { token expiresAt }` body, a physician without a second
 *   factor): the same three login limits and known-address check in Redis beside the same account
 *   read, then argon2 beside the attempt's count, then the same session statement (with the tally's
 *   success, committed without waiting for the WAL flush, opened only if the verified hash is still
 *   the account's) beside the same two Redis writes.
 *
 * It answers the JSON the API answers for the bench's documents (checked byte for byte before
 * timing); a refusal is a bare `{"errors":[…]}` (the bench sends none). Run as a child of the
 * benches: DATABASE_URL, PORT, SURVEY_KEY_SECRET, RATE_LIMIT_KEY_SECRET, REDIS_URL, REDIS_PREFIX.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { Prisma } from '@consilium/db';
import { Redis } from 'ioredis';
import pg from 'pg';
import { fromBase64url } from '../../src/domain/blind-signatures/base64url.ts';
import { cachedPrivateKey, importPublicKey } from '../../src/domain/blind-signatures/keys.ts';
import { blindSignBase64urlOffThread, checkBlindedMessageBase64url, verifyTokenBase64url } from '../../src/domain/blind-signatures/signer.ts';
import { limitKey } from '../../src/domain/rate-limits.ts';
import { createRateLimits } from '../../src/domain/rate-limits.ts';
import { checkAnswers, type AnswerInput, type QuestionRule } from '../../src/domain/surveys/answers.ts';
import { keyLabelOf } from '@consilium/jobs/survey-keys';
import { answerStatement } from '../../src/domain/surveys/responses.ts';
import { isTargeted, type Targeting } from '@consilium/db/segments';
import { issueStatement } from '../../src/domain/surveys/tokens.ts';
import { deviceLabel, hashToken, SESSION_STATEMENT, sessionStatement } from '../../src/domain/sessions.ts';
import argon2 from 'argon2';
import { accountForLoginStatement, KNOWN_ADDRESS_SECONDS, loginKeys } from '../../src/domain/accounts.ts';
import { signInAttemptStatement, signInSuccessTally } from '../../src/domain/audit.ts';

const { DATABASE_URL, PORT, SURVEY_KEY_SECRET, RATE_LIMIT_KEY_SECRET, REDIS_URL, REDIS_PREFIX } = process.env;
if (!DATABASE_URL || !PORT || !SURVEY_KEY_SECRET || !RATE_LIMIT_KEY_SECRET || !REDIS_PREFIX) throw new Error('write-baseline: DATABASE_URL, PORT, SURVEY_KEY_SECRET, RATE_LIMIT_KEY_SECRET and REDIS_PREFIX are required');

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
const redis = new Redis(REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true });
const limits = createRateLimits(redis, REDIS_PREFIX, 100_000);

const names = new Map<string, string>();
/** A statement as the API sends it: prepared, named after its text. */
async function query<T extends pg.QueryResultRow>(statement: Prisma.Sql): Promise<T[]> {
  let name = names.get(statement.text);
  if (!name) names.set(statement.text, (name = `peer_${names.size}`));
  const values = statement.values.map((v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v));
  return (await pool.query<T>({ name, text: statement.text, values })).rows;
}

interface AnswerSurvey {
  questions: QuestionRule[];
  receiptSealedKey: string;
  keys: Map<string, KeyObject>;
}
const answerSurveys = new Map<string, AnswerSurvey>();

async function answerSurvey(id: string): Promise<AnswerSurvey | null> {
  const cached = answerSurveys.get(id);
  if (cached) return cached;
  const { rows } = await pool.query<{ receipt: string | null; questions: QuestionRule[]; keys: Array<{ segment: string; public_key: string }> }>(
    `SELECT s.receipt_sealed_key AS receipt,
            (SELECT json_agg(json_build_object('id', q.id, 'position', q.position, 'kind', q.kind, 'min', q.min, 'max', q.max,
                    'showIf', q.show_if, 'skipIf', q.skip_if, 'skipTo', q.skip_to, 'rankTop', q.rank_top,
                    'choices', (SELECT coalesce(json_agg(json_build_object('id', c.id, 'role', c.role) ORDER BY c.position), '[]') FROM survey_choice c WHERE c.question_id = q.id))
                    ORDER BY q.position) FROM survey_question q WHERE q.survey_id = s.id) AS questions,
            (SELECT json_agg(json_build_object('segment', k.segment, 'public_key', k.public_key)) FROM survey_segment_key k WHERE k.survey_id = s.id) AS keys
     FROM survey s WHERE s.id = $1 AND s.status IN ('OPEN', 'CLOSED')`,
    [id],
  );
  const row = rows[0];
  if (!row?.receipt) return null;
  const survey = { questions: row.questions ?? [], receiptSealedKey: row.receipt, keys: new Map((row.keys ?? []).map((k) => [k.segment, importPublicKey(k.public_key)])) };
  answerSurveys.set(id, survey);
  return survey;
}

interface AnswerBody {
  variables: { i: { surveyId: string; segment: string; token: { message: string; signature: string }; answers: AnswerInput[]; receiptBlindedMessage: string } };
}

async function answer(body: AnswerBody): Promise<string> {
  const input = body.variables.i;
  const survey = await answerSurvey(input.surveyId);
  if (!survey) return refusal('survey_closed');
  const key = survey.keys.get(input.segment);
  if (!key || !verifyTokenBase64url(key, input.token)) return refusal('invalid_token');
  const message = fromBase64url(input.token.message);
  const tokenKey = limitKey(RATE_LIMIT_KEY_SECRET!, 'answer-token', message);
  await Promise.all([limits.answersPerToken.consume(tokenKey), limits.answersPerSurvey.consume(input.surveyId)]);
  const clean = checkAnswers(survey.questions, input.answers);
  const receiptKey = cachedPrivateKey(`receipt:${input.surveyId}`, survey.receiptSealedKey, SURVEY_KEY_SECRET!);
  checkBlindedMessageBase64url(receiptKey, input.receiptBlindedMessage);
  // The spent-token check is the write's first step (`answerStatement`), and the receipt is signed after it.
  const [taken] = await query<{ status: string }>(answerStatement(input, message, clean, 0));
  if (taken?.status !== 'OPEN' && taken?.status !== 'CLOSED') return refusal(taken?.status === 'SPENT' ? 'token_spent' : 'survey_closed');
  const receiptBlindSignature = await blindSignBase64urlOffThread(receiptKey, input.receiptBlindedMessage);
  return JSON.stringify({ data: { submitSurveyResponse: { receiptBlindSignature } } });
}

interface TokenSurvey extends Targeting {
  status: string;
  closesAt: Date | null;
  keys: Map<string, { id: string; sealedPrivateKey: string }>;
}
const tokenSurveys = new Map<string, TokenSurvey>();

async function tokenSurvey(id: string): Promise<TokenSurvey | null> {
  const cached = tokenSurveys.get(id);
  if (cached) return cached;
  const { rows } = await pool.query<TokenSurvey & { keyRows: Array<{ segment: string; id: string; sealedPrivateKey: string }> }>(
    `SELECT s.status::text AS status, s.closes_at AS "closesAt", coalesce(s.target_specialties, '{}') AS "targetSpecialties",
            coalesce(s.target_countries, '{}') AS "targetCountries", coalesce(s.target_regions, '{}') AS "targetRegions", s.min_years_in_practice AS "minYearsInPractice",
            (SELECT json_agg(json_build_object('segment', k.segment, 'id', k.id, 'sealedPrivateKey', k.sealed_private_key)) FROM survey_segment_key k WHERE k.survey_id = s.id) AS "keyRows"
     FROM survey s WHERE s.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const { keyRows, ...rest } = row;
  const survey = { ...rest, keys: new Map((keyRows ?? []).map(({ segment, ...k }) => [segment, k])) };
  tokenSurveys.set(id, survey);
  return survey;
}

/** domain/sessions.ts's session statement, the same text (so the same prepared plan). */
const SESSION_SQL = `${SESSION_STATEMENT}$1`;

interface SessionRow {
  expiresAt: Date;
  accountId: string;
  role: string;
  verification: string | null;
  specialty: string;
  country: string;
  region: string | null;
  practiceStartYear: number;
}

async function token(authorization: string | undefined, body: { variables: { s: string; b: string } }): Promise<string> {
  const bearer = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (!bearer || bearer.length > 128) return refusal('unauthenticated');
  const [session] = await query<SessionRow>({ text: SESSION_SQL, values: [hashToken(bearer)] } as unknown as Prisma.Sql);
  if (!session || session.expiresAt.getTime() <= Date.now()) return refusal('unauthenticated');
  if (session.role !== 'PHYSICIAN' || session.verification !== 'VERIFIED') return refusal('forbidden');
  const survey = await tokenSurvey(body.variables.s);
  if (!survey || !isTargeted(survey, session)) return refusal('forbidden');
  if (survey.status !== 'OPEN' || (survey.closesAt !== null && survey.closesAt.getTime() <= Date.now())) return refusal('survey_closed');
  const segment = keyLabelOf(session, survey.keys);
  const key = survey.keys.get(segment)!;
  await blindSignBase64urlOffThread(cachedPrivateKey(key.id, key.sealedPrivateKey, SURVEY_KEY_SECRET!), body.variables.b);
  const [row] = await query<{ issued: number }>(issueStatement(body.variables.s, session.accountId, null));
  if (!row?.issued) return refusal('survey_closed');
  return JSON.stringify({ data: { issueSurveyToken: { segment } } });
}

const SESSION_TTL_HOURS = Number(process.env.SESSION_TTL_HOURS ?? 24 * 14);

async function login(req: IncomingMessage, body: { variables: { e: string; p: string } }): Promise<string> {
  const { e: email, p: password } = body.variables;
  const ip = req.socket.remoteAddress ?? 'unknown';
  const { who, known, byEmailAndIp } = loginKeys(RATE_LIMIT_KEY_SECRET!, REDIS_PREFIX!, email, ip);
  const [[fromKnown], [account]] = await Promise.all([
    Promise.all([redis.exists(known), limits.loginByIp.consume(ip), limits.loginByEmailAndIp.consume(byEmailAndIp), limits.loginByEmail.consume(who)]),
    query<{ id: string; passwordHash: string }>(accountForLoginStatement(email)),
  ]);
  const verified = Promise.all([
    account ? argon2.verify(account.passwordHash, password) : false,
    fromKnown === 1 ? limits.loginByEmail.reward(who, 1) : null,
    account ? query(signInAttemptStatement(account.id)) : null,
  ]);
  const device = deviceLabel(req.headers['user-agent'] ?? null);
  const [ok] = await verified;
  if (!account || !ok) return refusal('invalid_credentials');
  const { token, expiresAt, statement } = sessionStatement(account.id, SESSION_TTL_HOURS, device, false, [signInSuccessTally(account.id)], 'async', account.passwordHash);
  await Promise.all([limits.loginByEmailAndIp.delete(byEmailAndIp), redis.set(known, '1', 'EX', KNOWN_ADDRESS_SECONDS), query(statement)]);
  return JSON.stringify({ data: { login: { token, expiresAt: expiresAt.toISOString() } } });
}

const refusal = (code: string) => JSON.stringify({ errors: [{ message: code, extensions: { code } }] });

async function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const text = req.url === '/answer' ? await answer(body) : req.url === '/token' ? await token(req.headers.authorization, body) : req.url === '/login' ? await login(req, body) : refusal('not_found');
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    const text = refusal(err instanceof Error ? err.message : 'error');
    res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
    res.end(text);
  });
}).listen(Number(PORT), '127.0.0.1');

// Ended by the bench with SIGTERM: a normal exit, so that BENCH_CPU_PROF's profile is written.
process.on('SIGTERM', () => process.exit(0));
