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
    expect(csv).toContain('How many?,NUMBER,all,,40,,,,,,withheld,withheld,,,,,,,\n');
    expect(csv).toContain('How many?,NUMBER,specialty,cardiology,40,,,,,,withheld,\n');
    expect(csv).toContain('How many?,NUMBER,histogram,50-100,,,suppressed,');
  });

  it('keeps a published mean, and says nothing of a budget without epsilon', () => {
    const csv = reportCsv('Winter', { respondents: 40, k: 11, epsilon: null, questions: [numberQuestion({ mean: 12.5, median: 10, histogram: [] })] });
    expect(csv).not.toContain('privacy_budget');
    expect(csv).toContain('How many?,NUMBER,all,,40,,,,,,12.5,10,,,,,,,\n');
  });

  it('writes the weighted share beside the unweighted one, with its SE, interval, deff and the frame; "suppressed" where the count is', () => {
    const csv = reportCsv('Winter', {
      respondents: 60, k: 11, epsilon: null,
      frame: { source: 'REGISTRY', registries: ['RPPS'], date: '2026-11-01', cells: [{ specialty: 'cardiology', country: 'FR', count: 300 }, { specialty: 'pediatrics', country: 'FR', count: 100 }] },
      questions: [{
        questionId: 'q', prompt: 'Which?', kind: 'SINGLE_CHOICE', n: 60, suppressed: false, mean: null, median: null, texts: [], histogram: [], crossTabs: [],
        choices: [
          { choiceId: 'a', label: 'A', count: 52, share: 52 / 60, ciLow: 0.75, ciHigh: 0.93, suppressed: false, weighted: { estimate: 0.8, se: 0.05, ciLow: 0.702, ciHigh: 0.898, deff: 1.2 } },
          { choiceId: 'b', label: 'B', count: 0, share: 0, ciLow: 0, ciHigh: 0, suppressed: true, weighted: null },
        ],
        weightedMean: null,
        weighting: { dimensions: ['specialty', 'country'], method: 'POST_STRATIFICATION', iterations: 0, converged: true, trimmed: 0, nEffective: 48.5 },
        weightingWithheld: null,
      }],
    });
    expect(csv).toContain('frame,registry RPPS,2026-11-01,400\n');
    expect(csv).toContain(',weighted,weighted_se,weighted_ci_low,weighted_ci_high,deff,n_effective,weighting\n');
    expect(csv).toContain('Which?,SINGLE_CHOICE,all,,60,,,,,,,,,,,,,48.5,"post-stratification on specialty×country, 0 trimmed"\n');
    expect(csv).toContain(',0.8,0.05,0.702,0.898,1.2\n');
    expect(csv).toContain('Which?,SINGLE_CHOICE,all,,60,B,suppressed,suppressed,suppressed,suppressed,,,suppressed,suppressed,suppressed,suppressed,suppressed\n');
  });

  it('writes a ranking’s mean ranks as mean_rank rows, "withheld" where they are', () => {
    const ranking = (meanRank: number | null): ReportResult['questions'][number] => ({
      questionId: 'r', prompt: 'Rank', kind: 'RANKING', n: 30, suppressed: false, mean: null, median: null, texts: [], histogram: [], crossTabs: [],
      choices: [{ choiceId: 'a', label: 'A', count: 30, share: 1, ciLow: 0.9, ciHigh: 1, suppressed: false }],
      ranks: [{ choiceId: 'a', label: 'A', meanRank }],
    });
    expect(reportCsv('Winter', { respondents: 30, k: 11, epsilon: null, questions: [ranking(1.5)] })).toContain('Rank,RANKING,mean_rank,,30,A,,,,,1.5,\n');
    expect(reportCsv('Winter', { respondents: 30, k: 11, epsilon: null, questions: [ranking(null)] })).toContain('Rank,RANKING,mean_rank,,30,A,,,,,withheld,\n');
  });
});
