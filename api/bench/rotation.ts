/**
 * `pnpm bench:rotation`: how long the rotations keep the API stopped (pseudonyms) or the survey
 * rows locked (survey keys) at national size. A database of `ROTATION_ACCOUNTS` physicians (default
 * 230,000: France's), each with a pseudonym keyed under the old secret, and `ROTATION_SURVEY_KEYS`
 * sealed survey keys (default 2,000); then `rotatePseudonyms` and `resealSurveyKeys` timed once
 * each, with the pseudonym table's size.
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { createDb } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { resealSurveyKeys, rotatePseudonyms } from '../src/cli/secrets-rotate.ts';
import { sealPrivateKey, exportPublicKey } from '../src/domain/blind-signatures/keys.ts';
import { pseudonymKey } from '../src/domain/pseudonyms.ts';

const ACCOUNTS = Number(process.env.ROTATION_ACCOUNTS ?? 230_000);
const SURVEY_KEYS = Number(process.env.ROTATION_SURVEY_KEYS ?? 2_000);
const OLD = 'o'.repeat(40);
const NEW = 'n'.repeat(40);
const BATCH = 10_000;

const database = await createTestDatabase();
const db = createDb({ url: database.url, poolMax: 2 });
try {
  for (let done = 0; done < ACCOUNTS; done += BATCH) {
    const n = Math.min(BATCH, ACCOUNTS - done);
    const ids = (await db.$queryRaw<Array<{ id: string }>>`
      INSERT INTO account (email, password_hash, role)
      SELECT 'bench-rotation-' || (${done}::int + i) || '@example.org', 'x', 'PHYSICIAN' FROM generate_series(1, ${n}::int) AS i RETURNING id::text`).map((r) => r.id);
    const keys = ids.map((id) => Buffer.from(pseudonymKey(OLD, id)).toString('hex'));
    await db.$executeRaw`
      INSERT INTO pseudonym (key, handle, specialty, country, settled)
      SELECT decode(k, 'hex'), 'Bench-' || (${done}::int + ord), 'cardiology', 'FR', true FROM unnest(${keys}::text[]) WITH ORDINALITY AS u(k, ord)`;
  }
  // One RSA pair sealed many times: generating 2,000 pairs would time the set-up, not the re-seal.
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  const client = await db.account.create({ data: { email: 'bench-client@example.org', passwordHash: 'x', role: 'CLIENT', organization: { create: { name: 'Bench', billingAddress: '1 rue', postalCode: '75001', city: 'Paris' } } } });
  const survey = await db.survey.create({
    data: { organizationId: client.organizationId!, createdById: client.id, status: 'OPEN', title: 'Bench', description: 'Bench', sampleSize: 100, honorariumCents: 0, receiptPublicKey: exportPublicKey(privateKey), receiptSealedKey: sealPrivateKey(privateKey, OLD) },
  });
  await db.surveySegmentKey.createMany({
    data: Array.from({ length: SURVEY_KEYS - 1 }, (_, i) => ({ surveyId: survey.id, segment: `bench|${i}`, publicKey: exportPublicKey(privateKey), sealedPrivateKey: sealPrivateKey(privateKey, OLD) })),
  });
  await db.$executeRawUnsafe('VACUUM ANALYZE pseudonym');
  const [{ size } = { size: '' }] = await db.$queryRaw<Array<{ size: string }>>`SELECT pg_size_pretty(pg_total_relation_size('pseudonym')) AS size`;

  let started = performance.now();
  const rotation = await rotatePseudonyms(db, OLD, NEW);
  const pseudonymMs = performance.now() - started;
  started = performance.now();
  const reseal = await resealSurveyKeys(db, OLD, NEW);
  const resealMs = performance.now() - started;
  console.log(`secrets:rotate-pseudonym: ${rotation.rekeyed} pseudonyms (table ${size} with its indexes) in ${(pseudonymMs / 1000).toFixed(1)} s, one transaction with the CLUSTER`);
  console.log(`secrets:reseal-survey-keys: ${reseal.resealed} keys in ${(resealMs / 1000).toFixed(1)} s`);
} finally {
  await db.$disconnect();
  await database.drop();
}
