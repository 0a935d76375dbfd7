/**
 * `pnpm bench:answers`: how fast the running API issues tokens and accepts anonymous answers,
 * measured with autocannon over HTTP on loopback against a real PostgreSQL. Tokens for the answer
 * run are signed directly with the segment key (what a finalized blind signature is), so the
 * figure is the API's, not the client's blinding.
 */
import { randomBytes, sign, constants } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { createDb } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { Redis } from 'ioredis';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { toBase64url } from '../src/domain/blind-signatures/base64url.ts';
import { generateSurveyKey, unsealPrivateKey } from '../src/domain/blind-signatures/keys.ts';
import { hashPassword } from '../src/domain/passwords.ts';
import { createSession } from '../src/domain/sessions.ts';
import { parseEnv } from '../src/env.ts';

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 3000);
const CONNECTIONS = 16;
const SEGMENT = 'cardiology|FR|10-19';

const database = await createTestDatabase();
const env = parseEnv({ NODE_ENV: 'production', DATABASE_URL: database.url, RATE_LIMIT_SCALE: '100000', PSEUDONYM_SECRET: 'b'.repeat(40), SURVEY_KEY_SECRET: 's'.repeat(40), REPORT_LINK_SECRET: 'r'.repeat(40), RATE_LIMIT_KEY_SECRET: 'l'.repeat(40), REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}` });
const db = createDb({ url: database.url, poolMax: 10 });
const redis = new Redis(env.REDIS_URL);
const { app } = buildApp({ env, db, redis, log: pino({ level: 'silent' }) });
const server = createServer(app.callback());
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

async function setup() {
  const org = await db.organization.create({ data: { name: 'Bench agency' } });
  const client = await db.account.create({ data: { email: 'bench-client@example.org', passwordHash: await hashPassword('bench-client-password-1'), role: 'CLIENT', organizationId: org.id } });
  const receipt = await generateSurveyKey(env.SURVEY_KEY_SECRET);
  const survey = await db.survey.create({
    data: {
      organizationId: org.id, createdById: client.id, title: 'Bench', description: '', status: 'OPEN', sampleSize: 1_000_000, honorariumCents: 100,
      targetSpecialties: ['cardiology'], receiptPublicKey: receipt.publicKey, receiptSealedKey: receipt.sealedPrivateKey,
      questions: {
        create: [
          { position: 0, kind: 'SINGLE_CHOICE', prompt: 'One', choices: { create: [{ position: 0, label: 'a' }, { position: 1, label: 'b' }] } },
          { position: 1, kind: 'MULTIPLE_CHOICE', prompt: 'Many', choices: { create: [{ position: 0, label: 'a' }, { position: 1, label: 'b' }, { position: 2, label: 'c' }] } },
          { position: 2, kind: 'NUMBER', prompt: 'How many', min: 0, max: 1000 },
          { position: 3, kind: 'TEXT', prompt: 'Why' },
        ],
      },
    },
    include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
  });
  const key = await db.surveySegmentKey.create({ data: { surveyId: survey.id, segment: SEGMENT, ...(await generateSurveyKey(env.SURVEY_KEY_SECRET)) } });
  return { survey, segmentPrivate: unsealPrivateKey(key.sealedPrivateKey, env.SURVEY_KEY_SECRET) };
}

/** A value below any 2048-bit modulus, as a blinded message looks to the server. */
const blindedLooking = () => toBase64url(Buffer.concat([Buffer.from([0x01]), randomBytes(255)]));

async function physiciansWithSessions(n: number): Promise<string[]> {
  const passwordHash = await hashPassword('bench-physician-password-1');
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const account = await db.account.create({ data: { email: `bench-${i}@example.org`, passwordHash, role: 'PHYSICIAN' } });
    await db.credential.create({ data: { accountId: account.id, country: 'FR', registry: 'RPPS', licenseNumber: String(i), licenseClaim: `RPPS:${i}`, specialty: 'cardiology', practiceStartYear: new Date().getUTCFullYear() - 12, status: 'VERIFIED' } });
    tokens.push((await createSession(db, account.id, 24)).token);
  }
  return tokens;
}

function run(name: string, amount: number, body: (i: number) => string, headers: (i: number) => Record<string, string> = () => ({})) {
  let i = 0;
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url, method: 'POST', connections: CONNECTIONS, amount,
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => { const n = i++; return { ...req, body: body(n), headers: { ...req.headers, ...headers(n) } }; } }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('done', () => undefined);
    void name;
  });
}

function report(name: string, result: autocannon.Result, accepted: number) {
  const seconds = result.duration;
  console.log(`${name.padEnd(22)} ${String(result.requests.total).padStart(6)} requests in ${seconds.toFixed(2)} s: ${(accepted / seconds).toFixed(0)} accepted/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
}

const { survey, segmentPrivate } = await setup();
const ISSUERS = Math.min(ANSWERS, 1500);
console.log(`setting up ${ISSUERS} verified physicians …`);
const sessions = await physiciansWithSessions(ISSUERS);

const issue = await run('issueSurveyToken', ISSUERS, () => JSON.stringify({
  query: 'mutation ($s: ID!, $b: String!) { issueSurveyToken(surveyId: $s, blindedMessage: $b) { segment } }',
  variables: { s: survey.id, b: blindedLooking() },
}), (n) => ({ authorization: `Bearer ${sessions[n]}` }));
const issued = await db.surveyTokenIssue.count({ where: { surveyId: survey.id } });

const [q0, q1, q2, q3] = survey.questions;
const answers = Array.from({ length: ANSWERS }, () => {
  const message = randomBytes(64);
  const signature = sign('sha384', message, { key: segmentPrivate, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 });
  return JSON.stringify({
    query: 'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }',
    variables: { i: {
      surveyId: survey.id, segment: SEGMENT, token: { message: toBase64url(message), signature: toBase64url(signature) }, receiptBlindedMessage: blindedLooking(),
      answers: [
        { questionId: q0!.id, choiceIds: [q0!.choices[0]!.id] },
        { questionId: q1!.id, choiceIds: [q1!.choices[0]!.id, q1!.choices[2]!.id] },
        { questionId: q2!.id, number: 42 },
        { questionId: q3!.id, text: 'Because the guidelines changed last year.' },
      ],
    } },
  });
});
const submit = await run('submitSurveyResponse', ANSWERS, (n) => answers[n]!);
const stored = await db.surveyResponse.count({ where: { surveyId: survey.id } });

console.log(`\nAPI on loopback, ${CONNECTIONS} connections, PostgreSQL on this machine (${(await import('node:os')).cpus().length} cores)`);
report('issueSurveyToken', issue, issued);
report('submitSurveyResponse', submit, stored);
console.log(`tokens recorded: ${issued}/${ISSUERS}; answers stored: ${stored}/${ANSWERS}`);

server.close();
await db.$disconnect();
await redis.quit();
await database.drop();
if (issued !== ISSUERS || stored !== ANSWERS) process.exit(1);
