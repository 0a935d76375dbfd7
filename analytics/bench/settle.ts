/**
 * pnpm bench:settle — how long `responses:settle` takes, on a database of its own (dropped
 * afterwards), with a backlog of settled answers (BENCH_BACKLOG_RESPONSES × 5 answers, default
 * 200,000 × 5 = 1,000,000) in another survey, for:
 * - "small": 20 fresh responses arriving in a survey of 2,000 settled ones (the usual sweep);
 * - "large": 20 fresh responses arriving in a survey of BENCH_LARGE_RESPONSES (default 20,000)
 *   settled ones: settling rewrites the whole survey (docs/threat-model.md says why), so its cost
 *   follows the survey's size, not the fresh batch;
 * - "none": a sweep with nothing fresh.
 * Each is run BENCH_RUNS times (default 3); the medians are printed, with the VACUUM included
 * (the job vacuums both answer tables after settling).
 */
import { createDb } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { pino } from 'pino';
import { responsesSettle } from '../src/jobs/responses-settle.ts';

const BACKLOG = Number(process.env.BENCH_BACKLOG_RESPONSES ?? 200_000);
const LARGE = Number(process.env.BENCH_LARGE_RESPONSES ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FRESH = 20;

const database = await createTestDatabase();
const db = createDb({ url: database.url, poolMax: 2 });
const deps = { db, log: pino({ level: 'silent' }) };
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function survey(title: string) {
  const org = await db.organization.create({ data: { name: title } });
  const client = await db.account.create({ data: { email: `${title}@bench.test`, passwordHash: 'x', role: 'CLIENT', organizationId: org.id } });
  const made = await db.survey.create({
    data: {
      organizationId: org.id, createdById: client.id, title, description: '', status: 'OPEN', sampleSize: 1_000_000, honorariumCents: 0, openedAt: new Date(),
      questions: { create: [0, 1, 2, 3, 4].map((position) => ({ position, kind: 'NUMBER' as const, prompt: `q${position}`, min: 0, max: 100 })) },
    },
    include: { questions: true },
  });
  return { id: made.id, questions: made.questions.map((q) => q.id) };
}

/** `n` responses of five answers, settled or fresh, over 40 segments. */
async function responses(s: { id: string; questions: string[] }, n: number, settled: boolean) {
  await db.$executeRawUnsafe(`
    WITH r AS (
      INSERT INTO survey_response (id, survey_id, segment, submitted_on, settled)
      SELECT gen_random_uuid(), '${s.id}', (ARRAY['cardiology','pediatrics','neurology','oncology'])[1 + i % 4] || '|' || (ARRAY['FR','BE'])[1 + (i / 4) % 2] || '|' || (ARRAY['0-9','10-19','20-29','30+','40+'])[1 + (i / 8) % 5],
        DATE '2026-11-20', ${settled}
      FROM generate_series(0, ${n - 1}) AS i RETURNING id
    )
    INSERT INTO survey_answer (response_id, question_id, number)
    SELECT r.id, q::uuid, floor(random() * 101) FROM r CROSS JOIN unnest(ARRAY[${s.questions.map((q) => `'${q}'`).join(',')}]) AS q`);
}

try {
  const t0 = process.hrtime.bigint();
  const backlog = await survey('backlog');
  for (let done = 0; done < BACKLOG; done += 50_000) await responses(backlog, Math.min(50_000, BACKLOG - done), true);
  const small = await survey('small');
  await responses(small, 2_000, true);
  const large = await survey('large');
  await responses(large, LARGE, true);
  await db.$executeRawUnsafe('VACUUM ANALYZE survey_answer');
  await db.$executeRawUnsafe('VACUUM ANALYZE survey_response');
  console.log(`seeded ${BACKLOG + 2_000 + LARGE} responses (${(BACKLOG + 2_000 + LARGE) * 5} answers) in ${(ms(t0) / 1000).toFixed(1)} s`);

  const times: Record<string, number[]> = { small: [], large: [], none: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const [name, target] of [['small', small], ['large', large], ['none', null]] as const) {
      if (target) await responses(target, FRESH, false);
      const start = process.hrtime.bigint();
      await responsesSettle.handle({}, deps);
      times[name]!.push(ms(start));
    }
  }
  for (const [name, xs] of Object.entries(times)) {
    console.log(`settle ${name.padEnd(5)} median ${median(xs).toFixed(0).padStart(6)} ms  (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`);
  }
} finally {
  await db.$disconnect();
  await database.drop();
}
