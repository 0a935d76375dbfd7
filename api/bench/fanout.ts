/**
 * `pnpm bench:fanout`: the fan-out of a question to a specialty of 10,000 opted-in physicians
 * (BENCH_SPECIALISTS), among 20,000 pseudonyms of other specialties, a third of the specialists
 * with quiet hours in several time zones: the one INSERT … SELECT that askSpecialist runs in the
 * thread's transaction (domain/discussion/questions.ts), timed over RUNS questions, routine and
 * urgent. Then a question addressed to one region (Occitanie): the specialists are verified
 * accounts whose credentials name one of 13 regions (BENCH_CREDENTIALS more credentials of other
 * physicians beside them, 200,000 by default), and the timing covers what askSpecialist adds for a
 * region — the credential read, the keys computed in memory — and the fan-out.
 * BENCH_KEEP=1 keeps the database (its URL is printed).
 */
import { randomUUID } from 'node:crypto';
import { pseudonymKey } from '@consilium/jobs/pseudonym-key';
import { createDb } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { regionAddress } from '../src/domain/discussion/question-regions.ts';
import { fanOut } from '../src/domain/discussion/questions.ts';
import { parseEnv } from '../src/env.ts';

const SPECIALISTS = Number(process.env.BENCH_SPECIALISTS ?? 10_000);
const OTHERS = 20_000;
const CREDENTIALS = Number(process.env.BENCH_CREDENTIALS ?? 200_000);
const RUNS = 10;
const REGIONS = ['Auvergne-Rhône-Alpes', 'Bourgogne-Franche-Comté', 'Bretagne', 'Centre-Val de Loire', 'Corse', 'Grand Est', 'Hauts-de-France',
  'Île-de-France', 'Normandie', 'Nouvelle-Aquitaine', 'Occitanie', 'Pays de la Loire', 'Provence-Alpes-Côte d’Azur'];
const env = parseEnv({});

const database = await createTestDatabase();
const db = createDb({ url: database.url, poolMax: 2 });
try {
  const zones = ['Europe/Paris', 'America/Montreal', 'Asia/Tokyo', 'UTC'];
  // The specialists are verified accounts (their pseudonyms keyed by the HMAC of their account id),
  // beside the credentials of CREDENTIALS other physicians.
  const accounts = Array.from({ length: SPECIALISTS }, () => randomUUID());
  const keys = accounts.map((a) => Buffer.from(pseudonymKey(env.PSEUDONYM_SECRET, a)).toString('hex'));
  await db.$executeRaw`
    INSERT INTO account (id, email, password_hash, role)
    SELECT a::uuid, 'bench-' || a || '@example.org', 'x', 'PHYSICIAN' FROM unnest(${accounts}::text[]) a`;
  await db.$executeRaw`
    INSERT INTO account (email, password_hash, role) SELECT 'bench-other-' || i || '@example.org', 'x', 'PHYSICIAN' FROM generate_series(1, ${CREDENTIALS}::int) i`;
  await db.$executeRaw`
    INSERT INTO credential (account_id, country, registry, license_number, license_claim, specialty, region, practice_start_year, status)
    SELECT id, CASE WHEN n % 5 = 0 THEN 'BE' ELSE 'FR' END, 'RPPS', lpad(n::text, 11, '0'), 'RPPS:' || lpad(n::text, 11, '0'),
           CASE WHEN email LIKE 'bench-other-%' THEN (ARRAY['neurology', 'pediatrics', 'general-practice'])[1 + n % 3] ELSE 'cardiology' END,
           (${REGIONS}::text[])[1 + (n * 7) % 13], 2010, 'VERIFIED'
    FROM (SELECT id, email, row_number() OVER () AS n FROM account) a`;
  await db.$executeRaw`
    INSERT INTO pseudonym (key, handle, specialty, country, settled)
    SELECT decode(k, 'hex'), 'Bench-Cardio-' || c.license_number, 'cardiology', c.country, true
    FROM unnest(${accounts}::text[], ${keys}::text[]) AS x(a, k) JOIN credential c ON c.account_id = x.a::uuid`;
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

  // Addressed to Occitanie: the credential read and the keys (in memory) are part of the cost.
  const regional: number[] = [];
  const ctx = { db, env: { ...env, REPORT_K: 11 }, viewer: null };
  for (let run = 0; run < RUNS; run++) {
    const id = randomUUID();
    const at = new Date();
    await db.thread.create({ data: { id, room: 'cardiology', title: `Bench regional question ${run}`, authorId: asker.id, createdAt: at, lastActivityAt: at } });
    await db.post.create({ data: { id, threadId: id, openingOf: id, authorId: asker.id, body: 'Bench', createdAt: at } });
    const start = performance.now();
    const region = await regionAddress(ctx, 'cardiology', 'FR', 'Occitanie');
    notified = await db.$transaction((tx) => fanOut(tx, { id, authorId: asker.id, at }, { specialty: 'cardiology', country: 'FR', region, urgency: run % 2 === 0 ? 'ROUTINE' : 'URGENT' }));
    regional.push(performance.now() - start);
  }
  const r = [...regional].sort((a, b) => a - b);
  const credentials = await db.credential.count();
  console.log(`addressed to one region (Occitanie, ${notified} notified; ${credentials.toLocaleString('en')} credentials), ${RUNS} questions, credential read + keys + fan-out:`);
  console.log(`  median ${r[Math.floor(RUNS / 2)]!.toFixed(1)} ms, p90 ${r[Math.floor(RUNS * 0.9)]!.toFixed(1)} ms, max ${r[RUNS - 1]!.toFixed(1)} ms`);
} finally {
  await db.$disconnect();
  if (process.env.BENCH_KEEP === '1') console.log(`kept: ${database.url}`);
  else await database.drop();
}
