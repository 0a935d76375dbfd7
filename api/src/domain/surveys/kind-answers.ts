/**
 * The answer rules of MATRIX and RANKING questions and of the "other (specify)" choice
 * (kinds.ts), and the answer rows they are stored as: a matrix answer is one row per item whose
 * choice_ids are {item, scale point} (so choice_bits holds one bit for each, and a report groups
 * by integers as for any other question); a ranking is one row whose choice_ids are the ranked
 * choices, first first; an "other" answer's text is stored in the row's text column, which
 * reports never publish for choice questions. Pure.
 */
import type { ChoiceRole } from '@consilium/db';
import { OTHER_TEXT_MAX } from './kinds.ts';

export interface KindQuestion {
  id: string;
  kind: string;
  choices: ReadonlyArray<{ id: string; role?: ChoiceRole }>;
  rankTop?: number | null;
}

export interface KindAnswer {
  choiceIds?: readonly string[] | null;
  items?: ReadonlyArray<{ itemId: string; choiceId: string }> | null;
  otherText?: string | null;
}

export interface KindRow {
  questionId: string;
  choiceIds: string[];
  number: null;
  text: string | null;
}

const roleOf = (c: { role?: ChoiceRole }) => c.role ?? 'OPTION';

/** What is wrong with an answer to a MATRIX question, or null. */
export function matrixProblem(question: KindQuestion, answer: KindAnswer): string | null {
  if ((answer.choiceIds?.length ?? 0) > 0) return 'a matrix question is answered with items (one scale point per item), not choiceIds';
  const items = question.choices.filter((c) => roleOf(c) === 'ITEM');
  const points = new Set(question.choices.filter((c) => roleOf(c) === 'OPTION').map((c) => c.id));
  const given = answer.items ?? [];
  const seen = new Set<string>();
  for (const [i, { itemId, choiceId }] of given.entries()) {
    if (!items.some((item) => item.id === itemId)) return `items.${i} names no item of this question`;
    if (seen.has(itemId)) return `items.${i} answers an item twice`;
    seen.add(itemId);
    if (!points.has(choiceId)) return `items.${i}: the answer must be one of the scale's points`;
  }
  const missing = items.findIndex((item) => !seen.has(item.id));
  return missing >= 0 ? `item ${missing + 1} is not answered (every item of a matrix is required)` : null;
}

/** What is wrong with an answer to a RANKING question, or null. */
export function rankingProblem(question: KindQuestion, answer: KindAnswer): string | null {
  const ranked = answer.choiceIds ?? [];
  const length = question.rankTop ?? question.choices.length;
  if (ranked.length !== length) return length === question.choices.length ? `rank all ${length} choices` : `rank exactly ${length} choices (the top ${length})`;
  const known = new Set(question.choices.map((c) => c.id));
  if (!ranked.every((id) => known.has(id))) return "rank only this question's own choices";
  return new Set(ranked).size === ranked.length ? null : 'rank each choice once';
}

/**
 * What is wrong with the "other (specify)" part of an answer to a single- or multiple-choice
 * question (its choices are checked by the caller), or null.
 */
export function otherProblem(question: KindQuestion, answer: KindAnswer): string | null {
  const other = question.choices.find((c) => roleOf(c) === 'OTHER');
  const text = answer.otherText?.trim() ?? '';
  const chose = other !== undefined && (answer.choiceIds ?? []).includes(other.id);
  if (answer.otherText != null && !other) return 'this question has no "other (specify)" choice: leave otherText out';
  if (!chose) return answer.otherText != null ? 'otherText goes only with the "other (specify)" choice' : null;
  if (text.length === 0) return 'say what the "other" answer is (otherText)';
  return text.length > OTHER_TEXT_MAX ? `keep the "other" text under ${OTHER_TEXT_MAX} characters` : null;
}

/** The stored rows of a valid answer to a MATRIX question: one per item, in the items' order. */
export function matrixRows(question: KindQuestion, answer: KindAnswer): KindRow[] {
  const pointOf = new Map((answer.items ?? []).map((a) => [a.itemId, a.choiceId]));
  return question.choices
    .filter((c) => roleOf(c) === 'ITEM')
    .map((item) => ({ questionId: question.id, choiceIds: [item.id, pointOf.get(item.id)!], number: null, text: null }));
}

/** The "other" text stored with a valid single- or multiple-choice answer (null unless the other choice is chosen). */
export function otherText(question: KindQuestion, answer: KindAnswer): string | null {
  const other = question.choices.find((c) => roleOf(c) === 'OTHER');
  return other && (answer.choiceIds ?? []).includes(other.id) ? answer.otherText!.trim() : null;
}
