import ExcelJS from 'exceljs';
import type { ReportResult } from '@consilium/jobs/report-result';
import { describe, expect, it } from 'vitest';
import { reportWorkbook } from './workbook.ts';

const ranking = (meanRank: number | null): ReportResult['questions'][number] => ({
  questionId: 'r', prompt: 'Rank your sources', kind: 'RANKING', n: 30, suppressed: false, mean: null, median: null, texts: [], histogram: [], crossTabs: [],
  choices: [{ choiceId: 'a', label: 'Journals', count: 30, share: 1, ciLow: 0.9, ciHigh: 1, suppressed: false }],
  ranks: [{ choiceId: 'a', label: 'Journals', meanRank }],
});

async function rowsOf(result: ReportResult): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await reportWorkbook('Sources', result)) as unknown as ArrayBuffer);
  const sheet = book.worksheets.find((s) => s.name === 'Q1')!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('a ranking in the workbook', () => {
  it('lists each choice’s mean rank on its sheet, or "withheld"', async () => {
    expect(await rowsOf({ respondents: 30, k: 11, epsilon: null, questions: [ranking(1.5)] })).toContainEqual(['Journals', 1.5]);
    expect(await rowsOf({ respondents: 30, k: 11, epsilon: null, questions: [ranking(null)] })).toContainEqual(['Journals', 'withheld']);
  });
});
