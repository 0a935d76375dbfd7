/** Report fixtures: a closed survey whose answers are spread over segments as a test spells out. */
import { randomUUID } from 'node:crypto';
import type { Db } from '@consilium/db';
import { expect } from 'vitest';
import type { ReportResult } from '@consilium/jobs/report-result';

/** One segment's answers to the single-choice question (A, B, C counts) and the number each gives. */
export type SegmentSpec = [segment: string, a: number, b: number, c: number, number: number];

/**
 * The hand-computed example of report-maths.test.ts: 40 answers, A 24 / B 12 / C 4, with
 * numbers 10 (cardiology|FR|10-19), 55 and 95 elsewhere.
 */
export const HAND_EXAMPLE: SegmentSpec[] = [
  ['cardiology|FR|10-19', 10, 4, 1, 10], ['cardiology|FR|20-29', 5, 3, 2, 55], ['pediatrics|FR|10-19', 3, 2, 0, 55],
  ['pediatrics|FR|0-9', 2, 1, 1, 95], ['pediatrics|BE|0-9', 2, 2, 0, 95], ['pediatrics|BE|20-29', 2, 0, 0, 55],
];

export async function closedSurvey(db: Db, spec: SegmentSpec[], options: { closedAt?: Date; tokensIssued?: number; withReport?: boolean } = {}) {
  const org = await db.organization.create({ data: { name: 'Agence', type: 'PUBLIC_AGENCY' } });
  const client = await db.account.create({ data: { email: `${randomUUID()}@example.test`, passwordHash: 'x', role: 'CLIENT', organizationId: org.id } });
  const total = spec.reduce((sum, [, a, b, c]) => sum + a + b + c, 0);
  const closedAt = options.closedAt ?? new Date(Date.now() - 72 * 3_600_000);
  const survey = await db.survey.create({
    data: {
      organizationId: org.id, createdById: client.id, title: 'Winter prescribing', description: '', status: 'CLOSED', sampleSize: 100, honorariumCents: 0,
      openedAt: closedAt, closedAt, tokensIssued: options.tokensIssued ?? total + 5, responseCount: total,
      questions: {
        create: [
          { position: 0, kind: 'SINGLE_CHOICE', prompt: 'Which?', choices: { create: ['A', 'B', 'C'].map((label, position) => ({ position, label })) } },
          { position: 1, kind: 'NUMBER', prompt: 'How many?', min: 0, max: 100 },
        ],
      },
    },
    include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
  });
  const [single, number] = survey.questions;
  for (const [segment, ...counts] of spec) {
    const value = counts[3]!;
    for (const [i, n] of counts.slice(0, 3).entries()) {
      for (let j = 0; j < n; j++) {
        await db.surveyResponse.create({
          data: {
            surveyId: survey.id, segment, submittedOn: new Date('2026-11-20'), settled: true,
            answers: { create: [{ questionId: single!.id, choiceIds: [single!.choices[i]!.id] }, { questionId: number!.id, number: value }] },
          },
        });
      }
    }
  }
  if (options.withReport ?? true) {
    await db.report.create({ data: { surveyId: survey.id, dueAt: new Date(closedAt.getTime() + 48 * 3_600_000) } });
  }
  return survey;
}

/** The figures the hand-computed example must give (see report-maths.test.ts). */
export function expectHandFigures(result: ReportResult) {
  expect(result.respondents).toBe(40);
  const [q1, q2] = result.questions;
  expect(q1!.n).toBe(40);
  expect(q1!.choices.map((c) => [c.label, c.count, c.suppressed])).toEqual([['A', 24, false], ['B', 0, true], ['C', 0, true]]);
  expect(q1!.choices[0]!.share).toBe(0.6);
  expect(q1!.choices[0]!.ciLow).toBeCloseTo(0.445959, 5);
  expect(q1!.choices[0]!.ciHigh).toBeCloseTo(0.736517, 5);
  const [specialty, country, band] = q1!.crossTabs;
  expect(specialty!.cells.map((c) => [c.segment, c.n, c.suppressed])).toEqual([['cardiology', 25, false], ['pediatrics', 15, false]]);
  // Cardiology's A (15) would give pediatrics' A (9) as 24 − 15: suppressed across the column.
  expect(specialty!.cells[0]!.choices.map((c) => [c.count, c.suppressed])).toEqual([[0, true], [0, true], [0, true]]);
  expect(country!.cells.every((c) => c.suppressed && c.n === 0)).toBe(true);
  expect(band!.cells.map((c) => [c.segment, c.n, c.suppressed])).toEqual([['0-9', 0, true], ['10-19', 20, false], ['20-29', 0, true]]);
  // Bins: 95 ×8 under k, so 10 ×15 (the next smallest) is hidden too; 55 ×17 shown.
  expect(q2!.histogram.map((b) => (b.suppressed ? 'x' : b.count))).toEqual([0, 'x', 0, 0, 0, 17, 0, 0, 0, 'x']);
  // Numbers: 10 ×15, 55 ×17, 95 ×8. The mean (1845/40) would be a second equation on the two
  // hidden bins and the median (55) an exact answer: both withheld, as are the segments' means.
  expect([q2!.mean, q2!.median]).toEqual([null, null]);
  expect(q2!.crossTabs.flatMap((t) => t.cells.map((c) => c.mean)).every((m) => m === null)).toBe(true);
}

