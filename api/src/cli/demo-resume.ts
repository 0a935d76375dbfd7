/**
 * Demo data of resuming a survey (issue #13): Dr Dubois opened the open demo survey "on another
 * device", as a browser does — blinded a message, sealed it under a resume code, had it signed —
 * so that a first look can resume it from any browser with the code printed at start-up. A real
 * code is drawn at random in the physician's browser and shown once; this one is public, and only
 * opens the demo data set.
 */
import type { Db } from '@consilium/db';
import { prepareAndBlind } from '../domain/blind-signatures/client.ts';
import { fromBase64url } from '../domain/blind-signatures/base64url.ts';
import { cachedPrivateKey } from '../domain/blind-signatures/keys.ts';
import { formatResumeCode, normalizeResumeCode, sealResume } from '../domain/blind-signatures/resume.ts';
import { blindSignBase64url } from '../domain/blind-signatures/signer.ts';
import { keyLabelOf } from '@consilium/jobs/survey-keys';
import { recordIssue } from '../domain/surveys/tokens.ts';

/** The public resume code of the demo's opened survey. */
export const DEMO_RESUME_CODE = normalizeResumeCode('2026-DEM0-C0DE-REPR-1SE7')!;

/** Opens `surveyId` for the physician of `email` with the demo resume code; returns the line to print. */
export async function seedDemoResume(db: Db, surveyKeySecret: string, email: string, surveyId: string): Promise<string> {
  const account = await db.account.findUniqueOrThrow({ where: { email }, include: { credential: true } });
  const survey = await db.survey.findUniqueOrThrow({ where: { id: surveyId }, include: { segmentKeys: true } });
  const segment = keyLabelOf(account.credential!, new Set(survey.segmentKeys.map((k) => k.segment)));
  const key = survey.segmentKeys.find((k) => k.segment === segment)!;
  const blinded = await prepareAndBlind(key.publicKey);
  const sealedCopy = await sealResume(DEMO_RESUME_CODE, survey.id, { segment, message: blinded.message, inverse: blinded.inverse });
  const blindSignature = blindSignBase64url(cachedPrivateKey(key.id, key.sealedPrivateKey, surveyKeySecret), blinded.blindedMessage);
  await recordIssue(db, survey.id, account.id, { sealedCopy: fromBase64url(sealedCopy), blindSignature: fromBase64url(blindSignature) });
  return `opened survey to resume: ${email}, « ${survey.title} », from any browser with the resume code ${formatResumeCode(DEMO_RESUME_CODE)}`;
}
