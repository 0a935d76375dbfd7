/**
 * The survey's eligibility keys: one per key label, chosen when the survey opens. A key label is
 * a segment group of at least k eligible physicians (`groupSegments` over the verified
 * credentials the targeting takes in), plus the root label `*|*|*` for anyone the groups do not
 * cover (a physician verified later). Every key exists from the opening on, so neither the keys
 * nor `Survey.tokenKeys` say which segments took part, and no key names a segment below k.
 */
import type { Db } from '@consilium/db';
import { coveringLabel, groupSegments, ROOT } from '@consilium/db/segment-groups';
import { generateSurveyKey, type StoredSurveyKey } from '../blind-signatures/keys.ts';
import { segmentOf, type SegmentSource, type Targeting, targetedCredentials } from './segments.ts';

export interface SegmentKeyRow extends StoredSurveyKey {
  segment: string;
}

/** The labels a survey opens with: the eligible physicians grouped to at least k each, and the root. */
export async function keyLabelsFor(db: Db, survey: Targeting, k: number, now = new Date()): Promise<string[]> {
  const rows = await db.credential.groupBy({
    by: ['specialty', 'country', 'practiceStartYear'],
    where: targetedCredentials(survey, now),
    _count: { _all: true },
  });
  const counts = new Map<string, number>();
  for (const row of rows) {
    const segment = segmentOf(row, now);
    counts.set(segment, (counts.get(segment) ?? 0) + row._count._all);
  }
  return [...new Set([...groupSegments(counts, k).values(), ROOT])].sort();
}

/** A key pair for each label, generated side by side (an RSA pair takes tens of milliseconds). */
export async function generateSegmentKeys(labels: string[], secret: string): Promise<SegmentKeyRow[]> {
  return Promise.all(labels.map(async (segment) => ({ segment, ...(await generateSurveyKey(secret)) })));
}

/** The key labels the survey has (read only: reading never creates a key). */
export async function surveyKeyLabels(db: Db, surveyId: string): Promise<Set<string>> {
  const rows = await db.surveySegmentKey.findMany({ where: { surveyId }, select: { segment: true } });
  return new Set(rows.map((r) => r.segment));
}

/** The key label a verified credential takes its token under. */
export function keyLabelOf(credential: SegmentSource, labels: ReadonlySet<string>, now = new Date()): string {
  return coveringLabel(segmentOf(credential, now), labels);
}

/**
 * The survey's key labels, creating its keys if it has none (a survey opened before key labels
 * existed): under a lock on the survey, so that two first issuers make one set.
 */
export async function ensureSurveyKeys(db: Db, secret: string, survey: Targeting & { id: string }, k: number): Promise<Set<string>> {
  const labels = await surveyKeyLabels(db, survey.id);
  if (labels.size > 0) return labels;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`survey-keys:${survey.id}`}))`;
    const again = await tx.surveySegmentKey.findMany({ where: { surveyId: survey.id }, select: { segment: true } });
    if (again.length > 0) return new Set(again.map((r) => r.segment));
    const keys = await generateSegmentKeys(await keyLabelsFor(db, survey, k), secret);
    await tx.surveySegmentKey.createMany({ data: keys.map((key) => ({ surveyId: survey.id, ...key })) });
    return new Set(keys.map((key) => key.segment));
  }, { timeout: 60_000 });
}
