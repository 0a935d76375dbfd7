/**
 * What an answer needs to know of its survey that cannot change once the survey has opened:
 * its questions and choices (only a DRAFT is edited), its receipt key (set at approval) and its
 * segments' public keys (one per segment, never replaced). Kept per process so that an answer
 * costs no read of them; the survey's status is cached only as a hint (it refuses early what is
 * surely closed): whether an answer is taken is decided by the write itself (responses.ts).
 */
import type { Db } from '@consilium/db';
import type { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { importPublicKey } from '../blind-signatures/keys.ts';
import type { QuestionRule } from './answers.ts';
import type { Condition } from './logic.ts';

export interface AnswerPathSurvey {
  id: string;
  /** As last seen: a hint, never the decision. */
  status: 'OPEN' | 'CLOSED';
  closedAt: Date | null;
  questions: QuestionRule[];
  receiptSealedKey: string;
}

const surveys = new LRUCache<string, AnswerPathSurvey>({ max: 500 });
const segmentKeys = new LRUCache<string, KeyObject>({ max: 5_000 });

/** The survey as answers see it, or null when it does not exist or has never opened. */
export async function answerPathSurvey(db: Db, surveyId: string): Promise<AnswerPathSurvey | null> {
  const cached = surveys.get(surveyId);
  if (cached) return cached;
  const survey = await db.survey.findUnique({
    where: { id: surveyId },
    select: {
      id: true, status: true, closedAt: true, receiptSealedKey: true,
      questions: { orderBy: { position: 'asc' }, select: { id: true, position: true, kind: true, min: true, max: true, showIf: true, skipIf: true, skipTo: true, rankTop: true, choices: { orderBy: { position: 'asc' }, select: { id: true, role: true } } } },
    },
  });
  // Only an opened survey's questions and keys are final.
  if (!survey || (survey.status !== 'OPEN' && survey.status !== 'CLOSED') || !survey.receiptSealedKey) return null;
  // The logic's JSON was checked when the draft was written (logic.ts) and cannot change since.
  const questions: QuestionRule[] = survey.questions.map((q) => ({ ...q, showIf: q.showIf as Condition | null, skipIf: q.skipIf as Condition | null }));
  const entry: AnswerPathSurvey = { ...survey, questions, status: survey.status, receiptSealedKey: survey.receiptSealedKey };
  surveys.set(surveyId, entry);
  return entry;
}

/** What the write found: the survey closed (by this answer or before it), or gone. */
export function surveyStatusSeen(surveyId: string, seen: { status: 'CLOSED'; closedAt: Date } | null) {
  const cached = surveys.get(surveyId);
  if (!cached) return;
  if (seen === null) surveys.delete(surveyId);
  else Object.assign(cached, seen);
}

/** The public key of a survey's segment, or null when the segment has none. */
export async function segmentPublicKey(db: Db, surveyId: string, segment: string): Promise<KeyObject | null> {
  const id = `${surveyId}\u0000${segment}`;
  const cached = segmentKeys.get(id);
  if (cached) return cached;
  const row = await db.surveySegmentKey.findUnique({ where: { surveyId_segment: { surveyId, segment } }, select: { publicKey: true } });
  if (!row) return null;
  const key = importPublicKey(row.publicKey);
  segmentKeys.set(id, key);
  return key;
}
