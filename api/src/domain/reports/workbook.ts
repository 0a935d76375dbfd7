/**
 * The XLSX export of a report (exceljs): a "Method" sheet (survey, k, epsilon, the population
 * frame and the weighting rules), then one sheet per question ("Q1", "Q2"…) with its figures,
 * weighted beside unweighted, and one per cross-tab ("Q1 specialty"…). Only the figures the
 * report holds: a suppressed figure is the text "suppressed" on a grey fill, a withheld mean
 * "withheld" — never a number.
 */
import ExcelJS from 'exceljs';
import type { ChoiceResult, QuestionResult, ReportResult, WeightedFigure } from '@consilium/jobs/report-result';
import { frameLines, weightingOf } from './documents.ts';

export const SUPPRESSED = 'suppressed';
export const WITHHELD = 'withheld';
const GREY: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };

/** A cell's text starting with = + - @ would be a formula to a spreadsheet: kept as text. */
const safe = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

type Value = string | number | null;

function addRow(sheet: ExcelJS.Worksheet, values: Value[]): void {
  const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? safe(v) : v)));
  row.eachCell((cell) => {
    if (cell.value === SUPPRESSED || cell.value === WITHHELD) cell.fill = GREY;
  });
}

const weighted = (w: WeightedFigure | null | undefined): Value[] => (w ? [w.estimate, w.se, w.ciLow, w.ciHigh, w.deff] : [null, null, null, null, null]);

function choiceRow(c: ChoiceResult, withWeights: boolean): Value[] {
  if (c.suppressed) return [c.label, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED, ...(withWeights ? [SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED] : [])];
  return [c.label, c.count, c.share, c.ciLow, c.ciHigh, ...(withWeights ? weighted(c.weighted) : [])];
}

function questionSheet(book: ExcelJS.Workbook, name: string, q: QuestionResult): void {
  const sheet = book.addWorksheet(name);
  addRow(sheet, [q.prompt]);
  sheet.getRow(1).font = { bold: true };
  addRow(sheet, ['kind', q.kind]);
  addRow(sheet, ['n', q.suppressed ? SUPPRESSED : q.n]);
  if (q.suppressed) return;
  addRow(sheet, ['weighting', weightingOf(q) || null, 'n_effective', q.weighting?.nEffective ?? null]);
  const hasMean = q.kind === 'LIKERT' || q.kind === 'NUMBER';
  if (hasMean) {
    addRow(sheet, ['mean', q.mean ?? WITHHELD, 'median', q.median ?? WITHHELD]);
    if (q.kind === 'LIKERT') addRow(sheet, ['weighted mean', ...weighted(q.weightedMean)]);
  }
  if (q.choices.length > 0) {
    addRow(sheet, []);
    addRow(sheet, ['choice', 'count', 'share', 'ci_low', 'ci_high', 'weighted', 'weighted_se', 'weighted_ci_low', 'weighted_ci_high', 'deff']);
    for (const c of q.choices) addRow(sheet, choiceRow(c, true));
  }
  if (q.ranks && q.ranks.length > 0) {
    // RANKING: the choices above are who ranked each first.
    addRow(sheet, []);
    addRow(sheet, ['choice', 'mean rank (1 = first)']);
    for (const r of q.ranks) addRow(sheet, [r.label, r.meanRank ?? WITHHELD]);
  }
  if (q.histogram.length > 0) {
    addRow(sheet, []);
    addRow(sheet, ['low', 'high', 'count']);
    for (const b of q.histogram) addRow(sheet, [b.low, b.high, b.suppressed ? SUPPRESSED : b.count]);
  }
  if (q.texts.length > 0) {
    addRow(sheet, []);
    addRow(sheet, ['answers (shuffled)']);
    for (const text of q.texts) addRow(sheet, [text]);
  }
}

function crossTabSheet(book: ExcelJS.Workbook, name: string, q: QuestionResult, tab: QuestionResult['crossTabs'][number]): void {
  const sheet = book.addWorksheet(name);
  addRow(sheet, [q.prompt]);
  sheet.getRow(1).font = { bold: true };
  addRow(sheet, ['by', tab.dimension]);
  const labels = q.choices.map((c) => c.label);
  const hasMean = q.kind === 'LIKERT' || q.kind === 'NUMBER';
  addRow(sheet, [tab.dimension, 'n', ...labels.flatMap((l) => [`${l}: count`, `${l}: share`]), ...(hasMean ? ['mean'] : [])]);
  for (const cell of tab.cells) {
    if (cell.suppressed) {
      addRow(sheet, [cell.segment, SUPPRESSED, ...labels.flatMap(() => [SUPPRESSED, SUPPRESSED]), ...(hasMean ? [SUPPRESSED] : [])]);
      continue;
    }
    const byLabel = new Map(cell.choices.map((c) => [c.label, c]));
    addRow(sheet, [
      cell.segment,
      cell.n,
      ...labels.flatMap((l): Value[] => {
        const c = byLabel.get(l);
        if (!c) return [null, null];
        return c.suppressed ? [SUPPRESSED, SUPPRESSED] : [c.count, c.share];
      }),
      ...(hasMean ? [cell.mean ?? WITHHELD] : []),
    ]);
  }
}

export async function reportWorkbook(title: string, result: ReportResult): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Consilium';
  const method = book.addWorksheet('Method');
  addRow(method, ['survey', title]);
  addRow(method, ['respondents', result.respondents]);
  addRow(method, ['k', result.k]);
  addRow(method, ['epsilon', result.epsilon ?? 'none']);
  if (result.privacyBudget != null) addRow(method, ['privacy_budget', result.privacyBudget]);
  for (const line of frameLines(result)) addRow(method, line);
  addRow(method, ['suppressed', 'a figure built from 1 to k−1 answers, or that would give one back (complementary suppression); withheld: a mean or median that would give one back, or escape the noise']);
  if (result.frame) {
    addRow(method, []);
    addRow(method, ['frame: specialty', 'country', 'physicians']);
    for (const c of result.frame.cells) addRow(method, [c.specialty, c.country, c.count]);
  }
  result.questions.forEach((q, i) => {
    questionSheet(book, `Q${i + 1}`, q);
    for (const tab of q.crossTabs) crossTabSheet(book, `Q${i + 1} ${tab.dimension}`, q, tab);
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
