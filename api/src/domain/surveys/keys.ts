/** The survey's signing keys: one per segment for eligibility tokens, one for completion receipts. */
import type { Db } from '@consilium/db';
import { generateSurveyKey } from '../blind-signatures/keys.ts';

/**
 * The segment's key pair, created on first need. Two physicians of a new segment asking at
 * once both generate a pair; the unique (survey, segment) keeps one, and both use that one.
 */
export async function ensureSegmentKey(db: Db, secret: string, surveyId: string, segment: string) {
  const existing = await db.surveySegmentKey.findUnique({ where: { surveyId_segment: { surveyId, segment } } });
  if (existing) return existing;
  const { publicKey, sealedPrivateKey } = await generateSurveyKey(secret);
  await db.surveySegmentKey.createMany({ data: [{ surveyId, segment, publicKey, sealedPrivateKey }], skipDuplicates: true });
  return db.surveySegmentKey.findUniqueOrThrow({ where: { surveyId_segment: { surveyId, segment } } });
}
