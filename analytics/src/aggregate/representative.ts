/**
 * Weighted figures beside the published (unweighted) ones: each question's respondents are
 * calibrated to the frame (weights.ts) and its shares (choice questions) and Likert mean are
 * estimated with their standard errors. Applied after composeReport, on the same frequency
 * table, and under the same privacy rules:
 *
 * - nothing under differential privacy (exact weights would escape the noise), nothing for a
 *   suppressed question, TEXT questions, and NUMBER questions (their weighted mean is one more
 *   equation on the segments' sums, whose means are never published);
 * - a choice's weighted share only where its unweighted count is published (never below k);
 * - weights on specialty × country only when every count of the question's specialty × country
 *   × answer table is 0 or at least k (and every cell's n at least k): whatever a reader could
 *   derive from the weighted figures is then a count that could have been published. Otherwise
 *   weights on the specialty alone, and only when the question's specialty cross-tab shows
 *   every cell: the weighted figures are then functions of published figures. Otherwise withheld.
 */
import type { ChoiceResult, QuestionResult, QuestionWeighting, ReportFrame, ReportResult, WeightedFigure, WeightingWithheld } from '@consilium/jobs/report-result';
import type { FrequencyRow, QuestionMeta } from './compose.ts';
import { calibrate, weightedEstimate, type Calibration, type SampleCell } from './weights.ts';

const isChoiceKind = (kind: QuestionMeta['kind']) => kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE' || kind === 'LIKERT' || kind === 'RANKING';

/** Per weighting cell: n and the count of each choice. */
interface CellTable {
  keys: string[][];
  n: number[];
  choices: number[][];
}

function cellTable(question: QuestionMeta, rows: readonly FrequencyRow[], dims: number): CellTable {
  const index = new Map(question.choices.map((c, i) => [c.id, i]));
  const byKey = new Map<string, { n: number; choices: number[] }>();
  for (const row of rows) {
    const key = row.segment.split('|').slice(0, dims).join('|');
    let cell = byKey.get(key);
    if (!cell) byKey.set(key, (cell = { n: 0, choices: question.choices.map(() => 0) }));
    cell.n += row.count;
    for (const id of row.choiceIds) {
      const i = index.get(id);
      if (i !== undefined) cell.choices[i]! += row.count;
    }
  }
  const keys = [...byKey.keys()].sort();
  return { keys: keys.map((k) => k.split('|')), n: keys.map((k) => byKey.get(k)!.n), choices: keys.map((k) => byKey.get(k)!.choices) };
}

const small = (count: number, k: number) => count > 0 && count < k;

function figure(cal: Calibration, table: CellTable, sum: number[], sumSquares: number[], share: boolean): WeightedFigure | null {
  const e = weightedEstimate(cal, table.n, { sum, sumSquares }, share);
  return e && { estimate: e.estimate, se: e.se, ciLow: e.ciLow, ciHigh: e.ciHigh, deff: e.deff };
}

function weighQuestion(meta: QuestionMeta, published: QuestionResult, rows: readonly FrequencyRow[], frame: ReportFrame, k: number): { weighting: QuestionWeighting | null; withheld: WeightingWithheld | null; choices: Array<WeightedFigure | null>; mean: WeightedFigure | null } {
  const none = (withheld: WeightingWithheld) => ({ weighting: null, withheld, choices: published.choices.map(() => null), mean: null });
  if (published.suppressed) return none('SUPPRESSED');
  if (meta.kind === 'TEXT') return none('TEXT');
  if (meta.kind === 'NUMBER') return none('NUMBER_CELLS');
  // Per choice: whether its weighted share may be published (its raw count is, and what it is
  // computed from is safe); a Likert mean needs every choice.
  let table = cellTable(meta, rows, 2);
  let dims = 2;
  let eligible = published.choices.map((c, j) => !c.suppressed && table.choices.every((cs) => !small(cs[j]!, k)));
  const jointSafe = table.n.every((n) => n >= k) && published.choices.every((c, j) => c.suppressed || eligible[j]);
  if (!jointSafe) {
    const tab = published.crossTabs.find((t) => t.dimension === 'specialty');
    if (tab === undefined || tab.cells.some((c) => c.suppressed)) return none('SMALL_CELLS');
    // A column of the specialty cross-tab shown whole: the weighted share is a function of it,
    // the segments' n and the frame.
    eligible = published.choices.map((c, j) => !c.suppressed && tab.cells.every((cell) => cell.choices[j] !== undefined && !cell.choices[j]!.suppressed));
    if (!eligible.some(Boolean)) return none('SMALL_CELLS');
    table = cellTable(meta, rows, 1);
    dims = 1;
  }
  const cells: SampleCell[] = table.keys.map((key, i) => ({ key, n: table.n[i]! }));
  const cal = calibrate(cells, frame.cells);
  if (!cal) return none('NO_FRAME');
  const choices = published.choices.map((_choice: ChoiceResult, j) => {
    if (!eligible[j]) return null;
    const sum = table.choices.map((cs) => cs[j]!);
    return figure(cal, table, sum, sum, true);
  });
  let mean: WeightedFigure | null = null;
  if (meta.kind === 'LIKERT' && published.mean !== null && eligible.every(Boolean)) {
    const sum = table.choices.map((cs) => cs.reduce((s, c, i) => s + (i + 1) * c, 0));
    const sumSquares = table.choices.map((cs) => cs.reduce((s, c, i) => s + (i + 1) * (i + 1) * c, 0));
    mean = figure(cal, table, sum, sumSquares, false);
  }
  return {
    weighting: {
      dimensions: dims === 2 ? ['specialty', 'country'] : ['specialty'],
      method: cal.method,
      iterations: cal.iterations,
      converged: cal.converged,
      trimmed: cal.trimmedRespondents,
      nEffective: cal.nEffective,
    },
    withheld: null,
    choices: isChoiceKind(meta.kind) ? choices : [],
    mean,
  };
}

/** The report with its weighted figures, and the frame they are calibrated to. */
export function withWeights(report: ReportResult, questions: readonly QuestionMeta[], rows: readonly FrequencyRow[], frame: ReportFrame | null, k: number): ReportResult {
  const byQuestion = new Map<string, FrequencyRow[]>();
  for (const row of rows) {
    const list = byQuestion.get(row.questionId);
    if (list) list.push(row);
    else byQuestion.set(row.questionId, [row]);
  }
  const metas = new Map(questions.map((q) => [q.id, q]));
  return {
    ...report,
    frame: report.epsilon === null ? frame : null,
    questions: report.questions.map((published) => {
      const meta = metas.get(published.questionId)!;
      const w =
        report.epsilon !== null
          ? { weighting: null, withheld: 'DIFFERENTIAL_PRIVACY' as const, choices: published.choices.map(() => null), mean: null }
          : frame === null
            ? { weighting: null, withheld: 'NO_FRAME' as const, choices: published.choices.map(() => null), mean: null }
            : weighQuestion(meta, published, byQuestion.get(published.questionId) ?? [], frame, k);
      return {
        ...published,
        choices: published.choices.map((c, j) => ({ ...c, weighted: w.choices[j] ?? null })),
        weightedMean: w.mean,
        weighting: w.weighting,
        weightingWithheld: w.withheld,
      };
    }),
  };
}
