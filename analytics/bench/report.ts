/**
 * pnpm bench:report — the report of a survey of 1,000,000 answers against the plain GROUP BY
 * over the same rows, timed in one run on a database of its own (dropped afterwards).
 *
 * 200,000 responses × 5 questions (single choice, Likert, multiple choice, number, single
 * choice) over 200 segments. "plain" is SELECT question_id, choice_id, count(*) … GROUP BY;
 * "report" is the whole build: frequency table, questions, respondents, composition with
 * suppression and cross-tabs, in one REPEATABLE READ transaction. For context only, "keyed" is
 * the plain GROUP BY over every key the report's figures depend on, as they are stored
 * (question, segment, the choice_ids array, number): what grouping once at the finest level costs
 * in PostgreSQL (its 24,000 groups are counted there, not sent: Prisma decodes rows slowly). Each is run BENCH_RUNS times
 * (default 5), interleaved, after a warm-up; the medians and their ratio are printed.
 * The report includes the weighted figures: an active RPPS (France) and NPI (United States)
 * extract is loaded, so every question is raked to the specialty × country frame (BE, GB, DE
 * respondents outside it) — "report" is therefore weights + cross-tabs; "weights" prints the time
 * of the weighting alone (frame read + calibration + estimates) for context.
 * The frame's counts are those stored when each extract became ACTIVE (registry_specialty_count).
 * BENCH_PARTS=1 also prints where a build's time goes (its steps timed one by one, 3 times); the
 * load average is printed before and after the rounds (the machine is shared).
 * BENCH_RESPONSES changes the size. Rows are inserted as the API and the settle job do (the
 * trigger fills each answer's segment and choice bits), then vacuumed as the settle job does.
 */
import { loadavg } from 'node:os';
import { createDb, Prisma } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { computeReport } from '../src/aggregate/build.ts';

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 200_000);
const QUESTIONS = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const database = await createTestDatabase();
const db = createDb({ url: database.url, poolMax: 2 });
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const t0 = process.hrtime.bigint();
  const org = await db.organization.create({ data: { name: 'Bench agency' } });
  const client = await db.account.create({ data: { email: 'bench@example.test', passwordHash: 'x', role: 'CLIENT', organizationId: org.id } });
  const choices = (labels: string[]) => ({ create: labels.map((label, position) => ({ position, label })) });
  const survey = await db.survey.create({
    data: {
      organizationId: org.id, createdById: client.id, title: 'Bench', description: '', status: 'CLOSED', sampleSize: RESPONSES, honorariumCents: 0,
      closedAt: new Date(), tokensIssued: RESPONSES, responseCount: RESPONSES,
      questions: {
        create: [
          { position: 0, kind: 'SINGLE_CHOICE', prompt: 'q1', choices: choices(['a', 'b', 'c', 'd']) },
          { position: 1, kind: 'LIKERT', prompt: 'q2', choices: choices(['1', '2', '3', '4', '5']) },
          { position: 2, kind: 'MULTIPLE_CHOICE', prompt: 'q3', choices: choices(['w', 'x', 'y', 'z']) },
          { position: 3, kind: 'NUMBER', prompt: 'q4', min: 0, max: 100 },
          { position: 4, kind: 'SINGLE_CHOICE', prompt: 'q5', choices: choices(['yes', 'no', 'unsure']) },
        ],
      },
    },
    include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
  });
  const q = survey.questions;
  const ids = (i: number) => q[i]!.choices.map((c) => c.id);
  await db.$executeRawUnsafe(`
    INSERT INTO survey_response (id, survey_id, segment, submitted_on, settled)
    SELECT gen_random_uuid(), '${survey.id}',
      (ARRAY['cardiology','pediatrics','general-practice','dermatology','psychiatry','oncology','neurology','radiology','anesthesiology','surgery'])[1 + i % 10]
      || '|' || (ARRAY['FR','BE','GB','US','DE'])[1 + (i / 10) % 5] || '|' || (ARRAY['0-9','10-19','20-29','30+'])[1 + (i / 50) % 4],
      DATE '2026-11-20', true
    FROM generate_series(0, ${RESPONSES - 1}) AS i`);
  // random() must be drawn per response: the lateral VALUES mentions r so that it is not evaluated once.
  const pick = (list: string[]) => `(ARRAY[${list.map((id) => `'${id}'::uuid`).join(',')}])[1 + floor(random() * ${list.length})::int + 0 * length(r.segment)]`;
  await db.$executeRawUnsafe(`
    INSERT INTO survey_answer (response_id, question_id, choice_ids, number)
    SELECT r.id, x.question_id::uuid, x.choice_ids, x.number
    FROM survey_response r CROSS JOIN LATERAL (VALUES
      ('${q[0]!.id}', ARRAY[${pick(ids(0))}], NULL::float8),
      ('${q[1]!.id}', ARRAY[${pick(ids(1))}], NULL),
      ('${q[2]!.id}', CASE WHEN random() < 0.5 THEN ARRAY[${pick(ids(2).slice(0, 2))}] ELSE ARRAY[${pick(ids(2).slice(0, 2))}, ${pick(ids(2).slice(2))}] END, NULL),
      ('${q[3]!.id}', ARRAY[]::uuid[], floor(random() * 101 + 0 * length(r.segment))::float8),
      ('${q[4]!.id}', ARRAY[${pick(ids(4))}], NULL)
    ) AS x(question_id, choice_ids, number)
    WHERE r.survey_id = '${survey.id}'`);
  // For the context baseline only: the planner must know its keys give few groups (as the
  // report's own keys are described by the migration's statistics), or it sorts on disk.
  await db.$executeRawUnsafe('CREATE STATISTICS bench_keyed (ndistinct) ON question_id, segment, choice_ids, number FROM survey_answer');
  await db.$executeRawUnsafe('VACUUM ANALYZE survey_response');
  await db.$executeRawUnsafe('VACUUM ANALYZE survey_answer');
  const [{ answers }] = await db.$queryRaw<[{ answers: number }]>`SELECT count(*)::int AS answers FROM survey_answer`;
  console.log(`generated ${answers.toLocaleString('en')} answers (${RESPONSES.toLocaleString('en')} responses × ${QUESTIONS} questions) in ${(ms(t0) / 1000).toFixed(1)} s`);

  // The frame: 200 to 2,000 physicians per specialty in each registry.
  const SPECIALTY_CODES: Array<[string, string]> = [['SM04', '207RC0000X'], ['SM40', '208000000X'], ['SM53', '208D00000X'], ['SM15', '207N00000X'], ['SM42', '2084P0800X'], ['SM33', '207RX0202X'], ['SM30', '2084N0400X'], ['SM44', '2085R0202X'], ['SM02', '207L00000X'], ['SM05', '208600000X']];
  for (const [registry, column] of [['RPPS', 0], ['NPI', 1]] as const) {
    // Loaded, then made ACTIVE, as the importer does (the activation counts each specialty).
    const entry = await db.registryImport.create({ data: { registry, fileName: 'bench', status: 'LOADING', extractDate: new Date('2026-11-01') } });
    await db.$executeRawUnsafe(`
      INSERT INTO registry_entry (import_id, identifier, specialty_code)
      SELECT '${entry.id}', '${registry}' || s || '-' || i, (ARRAY[${SPECIALTY_CODES.map((c) => `'${c[column]}'`).join(',')}])[s]
      FROM generate_series(1, 10) AS s, generate_series(1, 200 * s) AS i`);
    await db.registryImport.update({ where: { id: entry.id }, data: { status: 'ACTIVE', finishedAt: new Date() } });
  }
  const questionIds = q.map((x) => x.id);
  const plain = async () => {
    const start = process.hrtime.bigint();
    await db.$queryRaw`
      SELECT a.question_id, c.choice_id, count(*)::int
      FROM survey_answer a CROSS JOIN LATERAL unnest(a.choice_ids) AS c(choice_id)
      WHERE a.question_id = ANY(${questionIds}::uuid[])
      GROUP BY a.question_id, c.choice_id`;
    return ms(start);
  };
  const keyed = async () => {
    const start = process.hrtime.bigint();
    await db.$queryRaw`
      SELECT count(*)::int FROM (
        SELECT question_id, segment, choice_ids, number, count(*)
        FROM survey_answer
        WHERE question_id = ANY(${questionIds}::uuid[])
        GROUP BY question_id, segment, choice_ids, number) g`;
    return ms(start);
  };
  const report = async () => {
    const start = process.hrtime.bigint();
    await db.$transaction((tx) => computeReport(tx, survey.id, { k: 11, epsilon: null }), {
      isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 600_000,
    });
    return ms(start);
  };
  await plain();
  await report();
  {
    // The weighting alone, on the frequency table the report already read.
    const { frequencyTable, questionsOf } = await import('../src/aggregate/build.ts');
    const { composeReport } = await import('../src/aggregate/compose.ts');
    const { frameOf } = await import('../src/aggregate/frame.ts');
    const { withWeights } = await import('../src/aggregate/representative.ts');
    const questions = await questionsOf(db, survey.id);
    const rows = await frequencyTable(db, questions);
    const composed = composeReport({ respondents: RESPONSES, questions, rows, numbers: new Map(), texts: new Map() }, { k: 11, epsilon: null });
    const start = process.hrtime.bigint();
    const frame = await frameOf(db, survey.id, new Set(rows.map((r) => r.segment.split('|')[1]!)));
    const weighted = withWeights(composed, questions, rows, frame, 11);
    console.log(`weights alone (frame + calibration + estimates): ${ms(start).toFixed(1)} ms; ${weighted.questions.map((x) => x.weighting ? `${x.weighting.method.toLowerCase()} on ${x.weighting.dimensions.join('×')}` : x.weightingWithheld).join(', ')}`);
  }
  if (process.env.BENCH_PARTS) {
    // Where a build's time goes: computeReport's steps one by one, in the same transaction.
    const { frequencyTable, numberDistributions, questionsOf, rankTable } = await import('../src/aggregate/build.ts');
    const { composeReport } = await import('../src/aggregate/compose.ts');
    const { expandKinds } = await import('../src/aggregate/kinds.ts');
    const { frameOf } = await import('../src/aggregate/frame.ts');
    const { withWeights } = await import('../src/aggregate/representative.ts');
    for (let i = 0; i < 3; i++) {
      const parts: string[] = [];
      await db.$transaction(async (tx) => {
        let s0 = process.hrtime.bigint();
        const lap = (name: string) => {
          parts.push(`${name} ${ms(s0).toFixed(0)}`);
          s0 = process.hrtime.bigint();
        };
        await tx.$executeRaw`SET LOCAL jit = off`;
        await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
        const stored = await questionsOf(tx, survey.id);
        const ranks = await rankTable(tx, stored);
        lap('questions');
        const { questions, rows } = expandKinds(stored, await frequencyTable(tx, stored), ranks);
        lap(`frequency table (${rows.length} rows)`);
        await tx.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`;
        const numbers = await numberDistributions(tx, questions);
        lap('number values');
        const [{ respondents }] = await tx.$queryRaw<[{ respondents: number }]>`SELECT count(*)::int AS respondents FROM survey_response WHERE survey_id = ${survey.id}::uuid`;
        lap('respondents');
        const composed = composeReport({ respondents, questions, rows, numbers, texts: new Map() }, { k: 11, epsilon: null });
        lap('compose (suppression, cross-tabs)');
        const frame = await frameOf(tx, survey.id, new Set(rows.map((r) => r.segment.split('|')[1] ?? '')));
        lap('frame');
        const weighted = withWeights(composed, questions, rows, frame, 11);
        lap('weights');
        JSON.stringify(weighted);
        lap('JSON');
      }, { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 600_000 });
      console.log(`parts (ms): ${parts.join(', ')}; plain ${(await plain()).toFixed(0)}`);
    }
  }
  await keyed();
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`load average before the rounds: ${load()}`);
  const plains: number[] = [];
  const reports: number[] = [];
  const keyeds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plains.push(await plain());
    reports.push(await report());
    keyeds.push(await keyed());
  }
  console.log(`load average after the rounds : ${load()}`);
  const p = median(plains);
  const r = median(reports);
  const kd = median(keyeds);
  const runs = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  console.log(`plain GROUP BY question, choice          : ${p.toFixed(0)} ms   (runs: ${runs(plains)})`);
  console.log(`full report (weights + cross-tabs)       : ${r.toFixed(0)} ms   (runs: ${runs(reports)})`);
  console.log(`ratio report / plain                     : ${(r / p).toFixed(2)} (target ≤ 1.5)`);
  console.log(`context: GROUP BY question, segment, choice_ids, number: ${kd.toFixed(0)} ms   (runs: ${runs(keyeds)}; report / keyed ${(r / kd).toFixed(2)})`);
} finally {
  await db.$disconnect();
  if (process.env.BENCH_KEEP) console.log(`kept database ${database.name}`);
  else await database.drop();
}
