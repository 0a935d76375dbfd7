/**
 * `pnpm bench:fanout`: the fan-out of a question to a specialty of 10,000 opted-in physicians
 * (BENCH_SPECIALISTS), among 20,000 pseudonyms of other specialties, a third of the specialists
 * with quiet hours in several time zones: the one INSERT … SELECT that askSpecialist runs in the
 * thread's transaction (domain/discussion/questions.ts), timed over RUNS questions, routine and
 * urgent. BENCH_KEEP=1 keeps the database (its URL is printed).
 */
import { randomUUID } from 'node:crypto';
import { createDb } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { fanOut } from '../src/domain/discussion/questions.ts';

const SPECIALISTS = Number(process.env.BENCH_SPECIALISTS ?? 10_000);
const OTHERS = 20_000;
const RUNS = 10;

const database = await createTestDatabase();
const db = createDb({ url: database.url, poolMax: 2 });
try {
  const zones = ['Europe/Paris', 'America/Montreal', 'Asia/Tokyo', 'UTC'];
  // A unique 32-byte key from two random uuids.
  await db.$executeRaw`
    INSERT INTO pseudonym (key, handle, specialty, country, settled)
    SELECT decode(replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex'), 'Bench-Cardio-' || i, 'cardiology',
           CASE WHEN i % 5 = 0 THEN 'BE' ELSE 'FR' END, true FROM generate_series(1, ${SPECIALISTS}::int) i`;
  await db.$executeRaw`
    INSERT INTO pseudonym (key, handle, specialty, country, settled)
    SELECT decode(replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex'), 'Bench-Other-' || i,
           (ARRAY['neurology', 'pediatrics', 'general-practice'])[1 + i % 3], 'FR', true FROM generate_series(1, ${OTHERS}::int) i`;
  await db.$executeRaw`
    INSERT INTO specialist_availability (pseudonym_id, specialty, opted_in, quiet_start_hour, quiet_end_hour, time_zone)
    SELECT id, specialty, true, q, CASE WHEN q IS NOT NULL THEN 7 END, (${zones}::text[])[1 + floor(random() * 4)::int]
    FROM (SELECT id, specialty, CASE WHEN random() < 0.33 THEN 22 END AS q FROM pseudonym) p`;
  await db.$executeRaw`ANALYZE`;
  const asker = await db.pseudonym.findFirstOrThrow({ where: { specialty: 'general-practice' }, select: { id: true } });

  const times: number[] = [];
  let notified = 0;
  for (let run = 0; run < RUNS; run++) {
    const id = randomUUID();
    const at = new Date();
    await db.thread.create({ data: { id, room: 'cardiology', title: `Bench question ${run}`, authorId: asker.id, createdAt: at, lastActivityAt: at } });
    await db.post.create({ data: { id, threadId: id, openingOf: id, authorId: asker.id, body: 'Bench', createdAt: at } });
    const urgency = run % 2 === 0 ? 'ROUTINE' : 'URGENT';
    const start = performance.now();
    notified = await db.$transaction((tx) => fanOut(tx, { id, authorId: asker.id, at }, { specialty: 'cardiology', country: run === RUNS - 1 ? 'FR' : null, urgency }));
    times.push(performance.now() - start);
    if (run === 0) console.log(`first run: ${notified} notifications`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const held = await db.notification.count({ where: { createdAt: { gt: new Date() } } });
  console.log(`fan-out to ${SPECIALISTS.toLocaleString('en')} opted-in specialists (among ${(SPECIALISTS + OTHERS).toLocaleString('en')} pseudonyms), ${RUNS} questions:`);
  console.log(`  median ${sorted[Math.floor(RUNS / 2)]!.toFixed(1)} ms, p90 ${sorted[Math.floor(RUNS * 0.9)]!.toFixed(1)} ms, max ${sorted[RUNS - 1]!.toFixed(1)} ms`);
  console.log(`  last run (country FR only): ${notified} notified; rows held back by quiet hours overall: ${held}`);
} finally {
  await db.$disconnect();
  if (process.env.BENCH_KEEP === '1') console.log(`kept: ${database.url}`);
  else await database.drop();
}
