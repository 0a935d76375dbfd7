/**
 * `pnpm bench:answers`: how fast the running API issues tokens and accepts anonymous answers into
 * one survey, measured with autocannon over HTTP on loopback against a real PostgreSQL. Tokens for
 * the answer run are signed directly with the segment key (what a finalized blind signature is),
 * so the figure is the API's, not the client's blinding. BENCH_ANSWERS answers (default 3,000);
 * the survey's sampleSize is BENCH_SAMPLE (default: a million, so that it never closes), and with
 * BENCH_SAMPLE below the answers sent the run checks that exactly sampleSize are taken.
 *
 * Then the answer's write statement alone, without the API around it (so that the figure is
 * PostgreSQL's, not this shared machine's Node): BENCH_STATEMENT_ANSWERS answers (default 1,000)
 * per run over CONNECTIONS connections into a fresh survey, BENCH_STATEMENT_ROUNDS interleaved
 * rounds (default 3) of today's statement (place shards) and of the statement before it (every
 * answer counted on the survey's row: each waits for the previous one's commit), kept here as the
 * reference.
 */
import { constants, randomBytes, sign } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Prisma } from '@consilium/db';
import { insertDueReports } from '@consilium/jobs/report-state';
import { toBase64url } from '../src/domain/blind-signatures/base64url.ts';
import type { CleanAnswer } from '../src/domain/surveys/answers.ts';
import { answerStatement } from '../src/domain/surveys/responses.ts';
import { blindedLooking, CONNECTIONS, cpuSpent, issueTokens, openBenchSurvey, peerSummary, perRequest, physiciansWithSessions, post, report, run, sameBody, SEGMENT, startApi } from './api-harness.ts';

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 3000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 1_000_000);

// Without a grace period, so that no answer after the close is taken (with one, late answers are).
const api = await startApi({ SURVEY_GRACE_HOURS: '0' });
const { db } = api;
const { survey, segmentPrivate } = await openBenchSurvey(api, SAMPLE);
const ISSUERS = Math.min(ANSWERS, 1500);
console.log(`setting up ${ISSUERS} verified physicians …`);
const sessions = await physiciansWithSessions(api, ISSUERS);
const issue = await issueTokens(api, survey.id, sessions);

const [q0, q1, q2, q3] = survey.questions;
/** An answer's request with a fresh token (signed with the segment key, as a finalized blind signature is). */
const answerBody = (receiptBlindedMessage = blindedLooking()) => {
  const message = randomBytes(64);
  const signature = sign('sha384', message, { key: segmentPrivate, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 });
  return JSON.stringify({
    query: 'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }',
    variables: { i: {
      surveyId: survey.id, segment: SEGMENT, token: { message: toBase64url(message), signature: toBase64url(signature) }, receiptBlindedMessage,
      answers: [
        { questionId: q0!.id, choiceIds: [q0!.choices[0]!.id] },
        { questionId: q1!.id, choiceIds: [q1!.choices[0]!.id, q1!.choices[2]!.id] },
        { questionId: q2!.id, number: 42 },
        { questionId: q3!.id, text: 'Because the guidelines changed last year.' },
      ],
    } },
  });
};
const answers = Array.from({ length: ANSWERS }, () => answerBody());
const cpuBefore = await api.cpu();
const submit = await run(api.url, ANSWERS, (n) => answers[n]!);
const submitCpu = cpuSpent(cpuBefore, await api.cpu());
const stored = await db.surveyResponse.count({ where: { surveyId: survey.id } });
const expected = Math.min(ANSWERS, SAMPLE);

console.log(`\nAPI on loopback, ${CONNECTIONS} connections, PostgreSQL on this machine (${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)})`);
report('issueSurveyToken', issue.result, issue.issued, issue.spent);
report('submitSurveyResponse', submit, stored, submitCpu);
console.log(`tokens recorded: ${issue.issued}/${ISSUERS}; answers stored: ${stored}/${ANSWERS} (sampleSize ${SAMPLE})`);

// The API against the hand-written peer (peers/write-baseline.ts), into the same survey, interleaved:
// BENCH_PEER_ROUNDS rounds (default 2) of BENCH_ANSWERS answers each; not with a sample to fill.
const PEER_ROUNDS = SAMPLE >= 1_000_000 ? Number(process.env.BENCH_PEER_ROUNDS ?? 2) : 0;
let shortRuns = 0;
if (PEER_ROUNDS > 0) {
  const peer = await api.peer();
  const receipt = blindedLooking();
  sameBody('submitSurveyResponse', await post(api.url, answerBody(receipt)), await post(peer.answerUrl, answerBody(receipt)));
  const rounds = { api: [] as ReturnType<typeof perRequest>[], peer: [] as ReturnType<typeof perRequest>[] };
  for (let round = 0; round < PEER_ROUNDS; round++) {
    for (const side of round % 2 === 0 ? (['peer', 'api'] as const) : (['api', 'peer'] as const)) {
      const target = side === 'api' ? api : { url: peer.answerUrl, cpu: peer.cpu };
      const bodies = Array.from({ length: ANSWERS }, () => answerBody());
      const before = await target.cpu();
      const counted = await db.surveyResponse.count({ where: { surveyId: survey.id } });
      const result = await run(target.url, ANSWERS, (n) => bodies[n]!);
      const spent = cpuSpent(before, await target.cpu());
      const accepted = (await db.surveyResponse.count({ where: { surveyId: survey.id } })) - counted;
      shortRuns += accepted === ANSWERS ? 0 : 1;
      report(`${side} answers`, result, accepted, spent);
      rounds[side].push(perRequest(result, accepted, spent));
    }
  }
  peerSummary('submitSurveyResponse', rounds);
}

/** The answer's statement before the place shards, for reference: the survey's row counts every answer. */
function statementBefore(input: { surveyId: string; segment: string }, message: Uint8Array, answers: CleanAnswer[], graceHours: number): Prisma.Sql {
  const rows = answers.map((a) => ({ question_id: a.questionId, choice_ids: a.choiceIds, number: a.number, text: a.text }));
  return Prisma.sql`
    WITH counted AS (
      UPDATE survey SET
        response_count = response_count + 1,
        status = CASE WHEN status = 'OPEN' AND response_count + 1 >= sample_size THEN 'CLOSED'::"SurveyStatus" ELSE status END,
        closed_at = CASE WHEN status = 'OPEN' AND response_count + 1 >= sample_size THEN now() ELSE closed_at END
      WHERE id = ${input.surveyId}::uuid
        AND (status = 'OPEN' OR (status = 'CLOSED' AND closed_at + make_interval(secs => ${graceHours * 3600}::float8) > clock_timestamp()))
      RETURNING id, status, closed_at
    ),
    spent AS (INSERT INTO spent_token (message, survey_id) SELECT ${message}, id FROM counted),
    response AS (
      INSERT INTO survey_response (survey_id, segment, submitted_on) SELECT id, ${input.segment}, (now() AT TIME ZONE 'UTC')::date FROM counted
      RETURNING id
    ),
    answer AS (
      INSERT INTO survey_answer (response_id, question_id, choice_ids, number, text)
      SELECT response.id, a.question_id, a.choice_ids, a.number, a.text
      FROM response, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS a(question_id uuid, choice_ids uuid[], number float8, text text)
    ),
    report_due AS (${insertDueReports(Prisma.sql`(SELECT id, closed_at FROM counted WHERE status = 'CLOSED') AS closed`, graceHours)}),
    report_stale AS (
      UPDATE report SET status = 'PENDING', updated_at = now()
      WHERE survey_id IN (SELECT id FROM counted WHERE status = 'CLOSED') AND status = 'READY'
    )
    SELECT status::text AS status, closed_at FROM counted`;
}

async function statementRun(statement: typeof answerStatement, n: number): Promise<number> {
  const { survey: target } = await openBenchSurvey(api, 1_000_000);
  const [a0, a1, a2, a3] = target.questions;
  const clean: CleanAnswer[] = [
    { questionId: a0!.id, choiceIds: [a0!.choices[0]!.id], number: null, text: null },
    { questionId: a1!.id, choiceIds: [a1!.choices[0]!.id, a1!.choices[2]!.id], number: null, text: null },
    { questionId: a2!.id, choiceIds: [], number: 42, text: null },
    { questionId: a3!.id, choiceIds: [], number: null, text: 'Because the guidelines changed last year.' },
  ];
  const messages = Array.from({ length: n }, () => new Uint8Array(randomBytes(64)));
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (next < n) {
      const i = next++;
      await db.$queryRaw(statement({ surveyId: target.id, segment: SEGMENT }, messages[i]!, clean, 1));
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const count = await db.surveyResponse.count({ where: { surveyId: target.id } });
  if (count !== n) throw new Error(`statement run stored ${count}/${n}`);
  return n / seconds;
}

const STATEMENT_ANSWERS = Number(process.env.BENCH_STATEMENT_ANSWERS ?? 1000);
const ROUNDS = Number(process.env.BENCH_STATEMENT_ROUNDS ?? 3);
const rates: { shards: number[]; surveyRow: number[] } = { shards: [], surveyRow: [] };
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? (['surveyRow', 'shards'] as const) : (['shards', 'surveyRow'] as const);
  for (const kind of order) rates[kind].push(await statementRun(kind === 'shards' ? answerStatement : statementBefore, STATEMENT_ANSWERS));
}
if (ROUNDS > 0) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`\nThe answer's write statement alone, ${STATEMENT_ANSWERS} answers per run into one survey, ${CONNECTIONS} concurrent callers (pool of 10 connections), ${ROUNDS} interleaved rounds (load ${loadavg()[0]!.toFixed(2)}):`);
  console.log(`  place shards (today)       ${rates.shards.map((r) => r.toFixed(0)).join(', ')} answers/s, median ${median(rates.shards).toFixed(0)}`);
  console.log(`  survey's row (before)      ${rates.surveyRow.map((r) => r.toFixed(0)).join(', ')} answers/s, median ${median(rates.surveyRow).toFixed(0)}`);
  console.log(`  ratio ${(median(rates.shards) / median(rates.surveyRow)).toFixed(2)}×`);
}

await api.close();
if (issue.issued !== ISSUERS || stored !== expected || shortRuns > 0) process.exit(1);
