/**
 * What a client is shown, for free, before ordering a report: which questions and cross-tabs
 * will publish figures, with counts rounded. It is computed from two things only, so that it
 * can never tell more than the report itself (docs/reports.md, "The preview before ordering"):
 *
 * - the number of respondents, which the client already reads exactly (fill rate, quote): below
 *   k, every question has fewer than k answers (all questions are required) and nothing is
 *   published — certain before the report is built;
 * - the built report (READY), already filtered by the worker: the preview is a function of it
 *   (post-processing of what will be sold), never of the answer rows. It is built once, when
 *   late answers can no longer arrive, so previews asked again and again as answers come in
 *   see nothing move but the respondent count.
 */
import type { QuestionKind, QuestionResult, ReportResult } from '@consilium/jobs/report-result';
import { reachStep } from '../surveys/authoring.ts';

/** A count as the preview tells it: "fewer than k", "withheld" (a suppressed segment), or "about N". */
export type CountBand = { band: 'FEWER_THAN_K' } | { band: 'WITHHELD' } | { band: 'ABOUT'; about: number };

export interface Figures {
  published: number;
  withheld: number;
}

export interface CrossTabPreview extends Figures {
  dimension: string;
  segmentsPublished: number;
  segmentsWithheld: number;
}

export interface QuestionPreview extends Figures {
  questionId: string;
  prompt: string;
  kind: QuestionKind;
  answers: CountBand;
  /** Whether a figure of the question itself that tells something (a non-zero choice or bin, the mean, the texts) is published. */
  publishes: boolean;
  crossTabs: CrossTabPreview[];
}

/**
 * NOTHING: no figure would be published (ordering is refused). PARTIAL: some figures are withheld.
 * FULL: every figure is published. UNKNOWN: the report is not built yet (and there are at least k respondents).
 */
export type Outlook = 'NOTHING' | 'PARTIAL' | 'FULL' | 'UNKNOWN';

export interface ReportPreviewResult {
  surveyId: string;
  k: number;
  epsilon: number | null;
  outlook: Outlook;
  /** Whether the figures come from the built report (else only from the respondent count). */
  built: boolean;
  /** While the report is being built: when it will be at the latest. */
  availableBy: Date | null;
  /** Over the questions and their cross-tabs; 0 until built. */
  figuresPublished: number;
  figuresWithheld: number;
  questions: QuestionPreview[];
}

/** "about 50": two significant figures, never finer than ten (the rounding of reach counts), and never below k. */
export function aboutCount(n: number, k: number): CountBand {
  if (n < k) return { band: 'FEWER_THAN_K' };
  const step = reachStep(n);
  return { band: 'ABOUT', about: Math.max(k, Math.round(n / step) * step) };
}

const tally = (flags: readonly boolean[]): Figures => ({ published: flags.filter((f) => !f).length, withheld: flags.filter(Boolean).length });
const add = (a: Figures, b: Figures): Figures => ({ published: a.published + b.published, withheld: a.withheld + b.withheld });
const hasMean = (kind: QuestionKind) => kind === 'LIKERT' || kind === 'NUMBER';

/**
 * The question's own figures: its choices or bins, its mean, its free texts — each withheld or
 * not, and whether it tells anything (a published 0 says only that nobody gave that answer).
 */
function ownFigures(q: QuestionResult): Array<{ withheld: boolean; telling: boolean }> {
  if (q.kind === 'TEXT') return [{ withheld: q.texts.length === 0, telling: q.texts.length > 0 }];
  const counts = q.kind === 'NUMBER' ? q.histogram : q.choices;
  const parts = counts.map((c) => ({ withheld: c.suppressed || q.suppressed, telling: !c.suppressed && !q.suppressed && c.count > 0 }));
  // A question under k has no histogram at all: its distribution counts as one withheld figure.
  if (parts.length === 0) parts.push({ withheld: true, telling: false });
  if (hasMean(q.kind)) parts.push({ withheld: q.mean === null, telling: q.mean !== null });
  return parts;
}

function crossTabPreview(q: QuestionResult, tab: QuestionResult['crossTabs'][number]): CrossTabPreview {
  const width = q.kind === 'NUMBER' ? 1 : q.choices.length;
  const cells = tab.cells.flatMap((cell) =>
    cell.suppressed ? new Array<boolean>(width).fill(true) : q.kind === 'NUMBER' ? [false] : q.choices.map((c) => cell.choices.find((x) => x.choiceId === c.choiceId)?.suppressed ?? true),
  );
  const segments = tally(tab.cells.map((c) => c.suppressed));
  return { dimension: tab.dimension, segmentsPublished: segments.published, segmentsWithheld: segments.withheld, ...tally(cells) };
}

export function questionPreview(q: QuestionResult, k: number): QuestionPreview {
  const figures = ownFigures(q);
  const own = tally(figures.map((f) => f.withheld));
  const crossTabs = q.crossTabs.map((tab) => crossTabPreview(q, tab));
  const all = crossTabs.reduce<Figures>(add, own);
  return {
    questionId: q.questionId, prompt: q.prompt, kind: q.kind,
    answers: q.suppressed ? { band: 'FEWER_THAN_K' } : aboutCount(q.n, k),
    publishes: figures.some((f) => f.telling),
    crossTabs, ...all,
  };
}

/** What a built report publishes and withholds, over its questions and cross-tabs (the report's summary tells it). */
export function figuresOf(result: ReportResult): Figures & { questionsWithout: number } {
  const questions = result.questions.map((q) => questionPreview(q, result.k));
  return { ...questions.reduce<Figures>(add, { published: 0, withheld: 0 }), questionsWithout: questions.filter((q) => !q.publishes).length };
}

interface SurveyFacts {
  id: string;
  respondents: number;
  questions: Array<{ id: string; prompt: string; kind: QuestionKind }>;
}
interface ReportFacts {
  status: 'PENDING' | 'READY' | 'FAILED';
  dueAt: Date;
  k: number;
  epsilon: number | null;
  result: ReportResult | null;
}

/**
 * The preview of a CLOSED survey's report. `k` is the API's REPORT_K, used until the report is
 * built (then the report's own k is told).
 */
export function reportPreview(survey: SurveyFacts, report: ReportFacts | null, k: number, epsilon: number | null): ReportPreviewResult {
  const built = report?.status === 'READY' && report.result !== null;
  const base = { surveyId: survey.id, k: built ? report.k : k, epsilon: built ? report.epsilon : epsilon, built, availableBy: null, figuresPublished: 0, figuresWithheld: 0 };
  if (survey.respondents < base.k) {
    // Known without the report: every question is answered by every respondent, so each has fewer than k answers.
    const questions = survey.questions.map((q): QuestionPreview => ({
      questionId: q.id, prompt: q.prompt, kind: q.kind, answers: { band: 'FEWER_THAN_K' }, publishes: false, crossTabs: [], published: 0, withheld: 0,
    }));
    return { ...base, built: false, outlook: 'NOTHING', questions };
  }
  if (!built) return { ...base, outlook: 'UNKNOWN', availableBy: report?.status === 'PENDING' ? report.dueAt : null, questions: [] };
  const questions = report.result!.questions.map((q) => questionPreview(q, base.k));
  const total = questions.reduce<Figures>(add, { published: 0, withheld: 0 });
  const outlook: Outlook = !questions.some((q) => q.publishes) ? 'NOTHING' : total.withheld > 0 ? 'PARTIAL' : 'FULL';
  return { ...base, outlook, figuresPublished: total.published, figuresWithheld: total.withheld, questions };
}
