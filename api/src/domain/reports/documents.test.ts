import type { ReportResult } from '@consilium/jobs/report-result';
import { describe, expect, it } from 'vitest';
import { reportCsv } from './documents.ts';

const numberQuestion = (over: Partial<ReportResult['questions'][number]>): ReportResult['questions'][number] => ({
  questionId: 'q', prompt: 'How many?', kind: 'NUMBER', n: 40, suppressed: false, choices: [], mean: null, median: null, texts: [],
  histogram: [{ low: 0, high: 50, count: 29, suppressed: false }, { low: 50, high: 100, count: 0, suppressed: true }],
  crossTabs: [{ dimension: 'specialty', cells: [{ segment: 'cardiology', n: 40, suppressed: false, choices: [], mean: null }] }],
  ...over,
});

describe('the CSV export of a report', () => {
  it('writes "withheld" for a withheld mean and median, never an exact one, and the privacy budget with epsilon', () => {
    const csv = reportCsv('Winter', { respondents: 41, k: 11, epsilon: 0.5, privacyBudget: 3.5, questions: [numberQuestion({})] });
    expect(csv).toContain('epsilon,0.5\nprivacy_budget,3.5\n');
    expect(csv).toContain('How many?,NUMBER,all,,40,,,,,,withheld,withheld\n');
    expect(csv).toContain('How many?,NUMBER,specialty,cardiology,40,,,,,,withheld,\n');
    expect(csv).toContain('How many?,NUMBER,histogram,50-100,,,suppressed,');
  });

  it('keeps a published mean, and says nothing of a budget without epsilon', () => {
    const csv = reportCsv('Winter', { respondents: 40, k: 11, epsilon: null, questions: [numberQuestion({ mean: 12.5, median: 10, histogram: [] })] });
    expect(csv).not.toContain('privacy_budget');
    expect(csv).toContain('How many?,NUMBER,all,,40,,,,,,12.5,10\n');
  });
});
