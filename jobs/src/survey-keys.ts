/**
 * The survey's eligibility keys: one per key label, chosen when the survey opens. A key label is
 * a segment group of at least k eligible physicians (`groupSegments` over the verified
 * credentials the targeting takes in), plus the root label `*|*|*` for anyone the groups do not
 * cover (a physician verified later). Every key exists from the opening on, so neither the keys
 * nor `Survey.tokenKeys` say which segments took part, and no key names a segment below k.
 */
import type { Db } from '@consilium/db';
import { coveringLabel, groupSegments, ROOT } from '@consilium/db/segment-groups';
import { generateSurveyKey, type StoredSurveyKey } from './survey-key-seal.ts';
import { segmentOf, type SegmentSource, type Targeting, targetedCredentials } from '@consilium/db/segments';

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

/** A survey's eligibility keys by label, as the signer needs them. */
export type SurveyKeys = Map<string, { id: string; sealedPrivateKey: string }>;

const KEY_FIELDS = { segment: true, id: true, sealedPrivateKey: true } as const;
const byLabel = (rows: Array<{ segment: string; id: string; sealedPrivateKey: string }>): SurveyKeys =>
  new Map(rows.map(({ segment, ...key }) => [segment, key]));

/** The key label a verified credential takes its token under. */
export function keyLabelOf(credential: SegmentSource, labels: { has(label: string): boolean }, now = new Date()): string {
  return coveringLabel(segmentOf(credential, now), labels);
}

/**
 * The survey's keys (one read). A survey opened before key labels existed is completed under a
 * lock on the survey, so that two first issuers make one set: one with no key gets its labels'
 * keys; one with only the per-segment keys of old gets the root key, so that every physician is
 * covered.
 */
export async function ensureSurveyKeys(db: Db, secret: string, survey: Targeting & { id: string }, k: number): Promise<SurveyKeys> {
  const keys = await db.surveySegmentKey.findMany({ where: { surveyId: survey.id }, select: KEY_FIELDS });
  if (keys.some((key) => key.segment === ROOT)) return byLabel(keys);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`survey-keys:${survey.id}`}))`;
    const again = await tx.surveySegmentKey.findMany({ where: { surveyId: survey.id }, select: KEY_FIELDS });
    if (again.some((key) => key.segment === ROOT)) return byLabel(again);
    const labels = again.length > 0 ? [ROOT] : await keyLabelsFor(db, survey, k);
    const made = await generateSegmentKeys(labels, secret);
    await tx.surveySegmentKey.createMany({ data: made.map((key) => ({ surveyId: survey.id, ...key })) });
    return byLabel(await tx.surveySegmentKey.findMany({ where: { surveyId: survey.id }, select: KEY_FIELDS }));
  }, { timeout: 60_000 });
}

/**
 * The keys of an OPEN wave of a series (docs/waves.md): every key label's eligibility key, as at an
 * opening (the labels of the physicians eligible now), and the receipt key. Idempotent; a survey
 * that is not an open wave is left alone. The worker's `surveys:open-waves` calls it as it opens a
 * wave when it holds SURVEY_KEY_SECRET; the API's `prepareSurveyKeys` is the fallback.
 */
export async function prepareWaveKeys(db: Db, secret: string, surveyId: string, k: number): Promise<void> {
  const survey = await db.survey.findUnique({
    where: { id: surveyId },
    select: { id: true, status: true, seriesId: true, receiptPublicKey: true, targetSpecialties: true, targetCountries: true, targetRegions: true, minYearsInPractice: true },
  });
  if (!survey || survey.status !== 'OPEN' || !survey.seriesId) return;
  await ensureSurveyKeys(db, secret, survey, k);
  if (survey.receiptPublicKey) return;
  const receipt = await generateSurveyKey(secret);
  // Only the first writer's key stands: a receipt signed under it must stay redeemable.
  await db.survey.updateMany({ where: { id: surveyId, receiptPublicKey: null }, data: { receiptPublicKey: receipt.publicKey, receiptSealedKey: receipt.sealedPrivateKey } });
}
