/** The CSV export of a report (the invoice is domain/invoicing/invoice-document.ts). */
import type { ReportResult } from '@consilium/jobs/report-result';
import { stringify } from 'csv-stringify/sync';

/**
 * The report as CSV: only the figures the report holds; a suppressed figure reads "suppressed",
 * a mean or median the report withholds (it would give a suppressed figure back, or escape the
 * noise) reads "withheld". The first lines name the survey, k, epsilon and, with epsilon, the
 * privacy budget the report spends.
 */
export function reportCsv(title: string, result: ReportResult): string {
  const S = 'suppressed';
  const rows: Array<Array<string | number>> = [
    ['survey', title],
    ['respondents', result.respondents],
    ['k', result.k],
    ['epsilon', result.epsilon ?? 'none'],
    ...(result.privacyBudget != null ? [['privacy_budget', result.privacyBudget]] : []),
    [],
    ['question', 'kind', 'dimension', 'segment', 'n', 'choice', 'count', 'share', 'ci_low', 'ci_high', 'mean', 'median'],
  ];
  const fig = (suppressed: boolean, value: number | null) => (suppressed ? S : value === null ? '' : value);
  for (const q of result.questions) {
    const hasMean = q.kind === 'LIKERT' || q.kind === 'NUMBER';
    const stat = (suppressed: boolean, value: number | null) => (!suppressed && hasMean && value === null ? 'withheld' : fig(suppressed, value));
    rows.push([q.prompt, q.kind, 'all', '', fig(q.suppressed, q.n), '', '', '', '', '', stat(q.suppressed, q.mean), stat(q.suppressed, q.median)]);
    for (const c of q.choices) rows.push([q.prompt, q.kind, 'all', '', fig(q.suppressed, q.n), c.label, fig(c.suppressed, c.count), fig(c.suppressed, c.share), fig(c.suppressed, c.ciLow), fig(c.suppressed, c.ciHigh), '', '']);
    for (const b of q.histogram) rows.push([q.prompt, q.kind, 'histogram', `${b.low}-${b.high}`, '', '', fig(b.suppressed, b.count), '', '', '', '', '']);
    for (const tab of q.crossTabs) {
      for (const cell of tab.cells) {
        rows.push([q.prompt, q.kind, tab.dimension, cell.segment, fig(cell.suppressed, cell.n), '', '', '', '', '', stat(cell.suppressed, cell.mean), '']);
        for (const c of cell.choices) rows.push([q.prompt, q.kind, tab.dimension, cell.segment, cell.n, c.label, fig(c.suppressed, c.count), fig(c.suppressed, c.share), fig(c.suppressed, c.ciLow), fig(c.suppressed, c.ciHigh), '', '']);
      }
    }
    for (const text of q.texts) rows.push([q.prompt, q.kind, 'text', '', '', text, '', '', '', '', '', '']);
  }
  // A cell starting with = + - @ would be a formula to a spreadsheet: kept as text.
  const safe = rows.map((row) => row.map((cell) => (typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
  return stringify(safe);
}
