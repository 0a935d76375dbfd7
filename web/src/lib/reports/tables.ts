/**
 * The tables of a report, as plain rows: the figures behind each chart (read by screen readers
 * and without scripts) and the cross-tabs. A suppressed figure is a distinct value, never a
 * number: the page writes "suppressed" where it stands.
 */
import type { CrossTab, QuestionResult } from '$lib/graphql/reports.ts';

export type Cell =
  | { kind: 'suppressed' }
  | { kind: 'share'; share: number; count: number }
  | { kind: 'mean'; mean: number }
  /** A mean the report withholds (see `withheldMean`): the cell says why instead of a dash. */
  | { kind: 'withheld'; why: WithheldMean }
  | { kind: 'none' };

const SUPPRESSED: Cell = { kind: 'suppressed' };

export interface FigureRow {
  label: string;
  /** null: fewer than k, so no figure at all. */
  figures: { count: number; share: number | null; ciLow: number | null; ciHigh: number | null } | null;
}

/** The figures a question's chart draws, suppressed rows included (with no figure). */
export function figureRows(question: QuestionResult, binLabel: (low: number, high: number) => string): FigureRow[] {
  if (question.suppressed) return [];
  if (question.kind === 'NUMBER') {
    return question.histogram.map((b) => ({
      label: binLabel(b.low, b.high),
      figures: b.suppressed ? null : { count: b.count, share: null, ciLow: null, ciHigh: null },
    }));
  }
  return question.choices.map((c) => ({
    label: c.label,
    figures: c.suppressed ? null : { count: c.count, share: c.share, ciLow: c.ciLow, ciHigh: c.ciHigh },
  }));
}

export interface CrossTabRow {
  segment: string;
  /** null when the segment is suppressed: even its size is not told. */
  n: number | null;
  suppressed: boolean;
  cells: Cell[];
}

export interface CrossTabModel {
  dimension: string;
  /** Per choice (share and count), or one column: the mean. */
  mode: 'choices' | 'mean';
  columns: { id: string; label: string }[];
  rows: CrossTabRow[];
}

function meanCell(mean: number | null, withheld: WithheldMean | null): Cell {
  if (mean !== null) return { kind: 'mean', mean };
  return withheld ? { kind: 'withheld', why: withheld } : { kind: 'none' };
}

function choiceCells(tabCell: CrossTab['cells'][number], columns: CrossTabModel['columns']): Cell[] {
  return columns.map(({ id }) => {
    const choice = tabCell.choices.find((c) => c.choiceId === id);
    if (!choice) return { kind: 'none' };
    return choice.suppressed ? SUPPRESSED : { kind: 'share', share: choice.share, count: choice.count };
  });
}

/**
 * One cross-tab of a question: rows are the segments, columns the question's choices (in the
 * question's order) or, for a NUMBER question, the mean.
 */
export function crossTabModel(
  question: Pick<QuestionResult, 'kind' | 'choices'>,
  tab: CrossTab,
  meanLabel: string,
  withheld: WithheldMean | null = null,
): CrossTabModel {
  const mode = question.kind === 'NUMBER' ? 'mean' : 'choices';
  const columns =
    mode === 'mean' ? [{ id: 'mean', label: meanLabel }] : question.choices.map((c) => ({ id: c.choiceId, label: c.label }));
  const rows = tab.cells.map((cell): CrossTabRow => {
    if (cell.suppressed) return { segment: cell.segment, n: null, suppressed: true, cells: columns.map(() => SUPPRESSED) };
    const cells: Cell[] =
      mode === 'mean' ? [meanCell(cell.mean, withheld)] : choiceCells(cell, columns);
    return { segment: cell.segment, n: cell.n, suppressed: false, cells };
  });
  return { dimension: tab.dimension, mode, columns, rows };
}

/**
 * The cross-tabs a question shows: none for TEXT, nor for a question under k. `epsilon` is the
 * report's: a mean withheld for the whole question is withheld in its segments too, and said so;
 * a NUMBER question's segments never have one, and say so.
 */
export function crossTabsOf(question: QuestionResult, meanLabel: string, epsilon: number | null = null): CrossTabModel[] {
  if (question.suppressed || question.kind === 'TEXT') return [];
  const withheld = withheldMean(question, epsilon) ?? (question.kind === 'NUMBER' ? 'segment' : null);
  return question.crossTabs.map((tab) => crossTabModel(question, tab, meanLabel, withheld));
}

/**
 * Why a question or a segment that has a mean shows none: the worker withholds it rather than
 * leak a count. `segment`: a NUMBER segment's mean is never published.
 */
export type WithheldMean = 'privacy' | 'suppressedPoint' | 'segment';

/**
 * Why a LIKERT or NUMBER question comes without its mean, or null when it has one (or cannot
 * have one): under differential privacy every mean and median is withheld (an exact mean would
 * escape the noise); otherwise they are withheld when a point of the scale or a histogram bin is
 * suppressed (with n, the mean would be a second equation on the hidden counts).
 */
export function withheldMean(question: QuestionResult, epsilon: number | null): Exclude<WithheldMean, 'segment'> | null {
  if (question.suppressed || question.mean !== null || (question.kind !== 'LIKERT' && question.kind !== 'NUMBER')) return null;
  if (epsilon !== null) return 'privacy';
  if (question.kind === 'LIKERT' && question.choices.some((c) => c.suppressed)) return 'suppressedPoint';
  if (question.kind === 'NUMBER' && question.histogram.some((b) => b.suppressed)) return 'suppressedPoint';
  return null;
}
