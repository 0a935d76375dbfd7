import { randomBytes } from 'node:crypto';
import { createDb, Prisma, queryRows } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { generateSurveyKey } from '../src/domain/blind-signatures/keys.ts';
import { answerStatement } from '../src/domain/surveys/responses.ts';
import type { CleanAnswer } from '../src/domain/surveys/answers.ts';
const database = await createTestDatabase();
const db = createDb({ url: database.url, poolMax: 2 });
const org = await db.organization.create({ data: { name: 'x' } });
const client = await db.account.create({ data: { email: `c${randomBytes(3).toString('hex')}@x.org`, passwordHash: 'x', role: 'CLIENT', organizationId: org.id } });
const receipt = await generateSurveyKey('s'.repeat(40));
const survey = await db.survey.create({ data: { organizationId: org.id, createdById: client.id, title: 'B', description: '', status: 'OPEN', sampleSize: 1000000, honorariumCents: 100, targetSpecialties: ['cardiology'], receiptPublicKey: receipt.publicKey, receiptSealedKey: receipt.sealedPrivateKey,
  questions: { create: [
    { position: 0, kind: 'SINGLE_CHOICE', prompt: 'One', choices: { create: [{ position: 0, label: 'a' }, { position: 1, label: 'b' }] } },
    { position: 1, kind: 'MULTIPLE_CHOICE', prompt: 'Many', choices: { create: [{ position: 0, label: 'a' }, { position: 1, label: 'b' }, { position: 2, label: 'c' }] } },
    { position: 2, kind: 'NUMBER', prompt: 'How many', min: 0, max: 1000 },
    { position: 3, kind: 'TEXT', prompt: 'Why' } ] } },
  include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } } });
const [a0, a1, a2, a3] = survey.questions;
const clean: CleanAnswer[] = [
  { questionId: a0!.id, choiceIds: [a0!.choices[0]!.id], number: null, text: null },
  { questionId: a1!.id, choiceIds: [a1!.choices[0]!.id, a1!.choices[2]!.id], number: null, text: null },
  { questionId: a2!.id, choiceIds: [], number: 42, text: null },
  { questionId: a3!.id, choiceIds: [], number: null, text: 'Because the guidelines changed last year.' },
];
const N = Number(process.env.N ?? 2000);
const stmt = () => answerStatement({ surveyId: survey.id, segment: 'cardiology|FR|10-19' }, new Uint8Array(randomBytes(64)), clean, 0);
let t = performance.now();
for (let i = 0; i < N; i++) await queryRows(db, stmt(), { prepared: true });
console.log('sequential', N, 'answers', ((performance.now() - t) / N).toFixed(3), 'ms each');
const s = stmt();
const plan = await queryRows<{ 'QUERY PLAN': string }>(db, new Prisma.Sql([`EXPLAIN (ANALYZE, BUFFERS, VERBOSE) ${s.strings[0]}`, ...s.strings.slice(1)], s.values as never[]));
console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
await db.$disconnect(); await database.drop();
