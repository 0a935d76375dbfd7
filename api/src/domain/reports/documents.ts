/** The CSV export of a report (the invoice is domain/invoicing/invoice-document.ts). */
import { RAKE_MAX_ITERATIONS, RAKE_TOLERANCE, TRIM_FACTOR, type QuestionResult, type ReportResult, type WeightedFigure } from '@consilium/jobs/report-result';
import { stringify } from 'csv-stringify/sync';

/**
 * The report as CSV: only the figures the report holds; a suppressed figure reads "suppressed",
 * a mean or median the report withholds (it would give a suppressed figure back, or escape the
 * noise) reads "withheld". The first lines name the survey, k, epsilon and, with epsilon, the
 * privacy budget the report spends, then the population frame of the weighted figures.
 * The weighted columns (estimate, standard error, 95% interval, design effect) hold the weighted
 * share of a choice or the weighted Likert mean; `weighting` says how (or why not).
 */
export function reportCsv(title: string, result: ReportResult): string {
  const S = 'suppressed';
  const rows: Array<Array<string | number>> = [
    ['survey', title],
    ['respondents', result.respondents],
    ['k', result.k],
    ['epsilon', result.epsilon ?? 'none'],
    ...(result.privacyBudget != null ? [['privacy_budget', result.privacyBudget]] : []),
    ...frameLines(result),
    [],
    ['question', 'kind', 'dimension', 'segment', 'n', 'choice', 'count', 'share', 'ci_low', 'ci_high', 'mean', 'median', ...WEIGHTED_COLUMNS],
  ];
  const fig = (suppressed: boolean, value: number | null) => (suppressed ? S : value === null ? '' : value);
  for (const q of result.questions) {
    const hasMean = q.kind === 'LIKERT' || q.kind === 'NUMBER';
    const stat = (suppressed: boolean, value: number | null) => (!suppressed && hasMean && value === null ? 'withheld' : fig(suppressed, value));
    rows.push([q.prompt, q.kind, 'all', '', fig(q.suppressed, q.n), '', '', '', '', '', stat(q.suppressed, q.mean), stat(q.suppressed, q.median), ...weightedCells(q.weightedMean), q.weighting ? q.weighting.nEffective : '', weightingOf(q)]);
    for (const c of q.choices) rows.push([q.prompt, q.kind, 'all', '', fig(q.suppressed, q.n), c.label, fig(c.suppressed, c.count), fig(c.suppressed, c.share), fig(c.suppressed, c.ciLow), fig(c.suppressed, c.ciHigh), '', '', ...(c.suppressed ? [S, S, S, S, S] : weightedCells(c.weighted))]);
    for (const b of q.histogram) rows.push([q.prompt, q.kind, 'histogram', `${b.low}-${b.high}`, '', '', fig(b.suppressed, b.count), '', '', '', '', '']);
    for (const tab of q.crossTabs) {
      for (const cell of tab.cells) {
        rows.push([q.prompt, q.kind, tab.dimension, cell.segment, fig(cell.suppressed, cell.n), '', '', '', '', '', stat(cell.suppressed, cell.mean), '']);
        for (const c of cell.choices) rows.push([q.prompt, q.kind, tab.dimension, cell.segment, cell.n, c.label, fig(c.suppressed, c.count), fig(c.suppressed, c.share), fig(c.suppressed, c.ciLow), fig(c.suppressed, c.ciHigh), '', '']);
      }
    }
    for (const text of q.texts) rows.push([q.prompt, q.kind, 'text', '', '', text, '', '', '', '', '', '']);
    // RANKING: the choices' rows above count who ranked each first; here each one's mean rank.
    for (const r of q.ranks ?? []) rows.push([q.prompt, q.kind, 'mean_rank', '', fig(q.suppressed, q.n), r.label, '', '', '', '', q.suppressed ? S : (r.meanRank ?? 'withheld'), '']);
  }
  // A cell starting with = + - @ would be a formula to a spreadsheet: kept as text.
  const safe = rows.map((row) => row.map((cell) => (typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
  return stringify(safe);
}

export const WEIGHTED_COLUMNS = ['weighted', 'weighted_se', 'weighted_ci_low', 'weighted_ci_high', 'deff', 'n_effective', 'weighting'] as const;

function weightedCells(w: WeightedFigure | null | undefined): Array<string | number> {
  return w ? [w.estimate, w.se, w.ciLow, w.ciHigh, w.deff ?? ''] : ['', '', '', '', ''];
}

/** "post-stratification on specialty×country, 2 trimmed", or "withheld: SMALL_CELLS". */
export function weightingOf(q: QuestionResult): string {
  if (q.weighting) {
    const w = q.weighting;
    return `${w.method === 'RAKING' ? `raking (${w.iterations} passes${w.converged ? '' : ', not converged'})` : 'post-stratification'} on ${w.dimensions.join('×')}, ${w.trimmed} trimmed`;
  }
  return q.weightingWithheld ? `withheld: ${q.weightingWithheld}` : '';
}

/** The method statement of the weighted figures: the frame and the rules. */
export function frameLines(result: ReportResult): Array<Array<string | number>> {
  const f = result.frame;
  if (!f) return [['frame', 'none']];
  return [
    ['frame', f.source === 'REGISTRY' ? `registry ${f.registries.join(', ')}` : 'verified members', f.date, f.cells.reduce((s, c) => s + c.count, 0)],
    ['weighting', `post-stratification on specialty × country when every frame cell has respondents, else raking to the margins (tolerance ${RAKE_TOLERANCE} × n, at most ${RAKE_MAX_ITERATIONS} passes); weights capped at ${TRIM_FACTOR} × the mean weight, the excess spread over the others; standard errors by linearisation (as R survey's svymean)`],
  ];
}
