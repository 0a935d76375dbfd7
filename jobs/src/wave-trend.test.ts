import { describe, expect, it } from 'vitest';
import type { QuestionResult, ReportResult } from './report-result.ts';
import { waveTrend, waveTrendCsv } from './wave-trend.ts';

const choice = (label: string, count: number, n: number, suppressed = false) => ({
  choiceId: label, label, count: suppressed ? 0 : count, share: suppressed ? 0 : count / n, ciLow: suppressed ? 0 : 0.1, ciHigh: suppressed ? 0 : 0.9, suppressed,
});
const question = (over: Partial<QuestionResult>): QuestionResult => ({
  questionId: 'q', prompt: 'Tested?', kind: 'SINGLE_CHOICE', n: 30, suppressed: false, choices: [], mean: null, median: null, histogram: [], texts: [], crossTabs: [], ...over,
});
const report = (questions: QuestionResult[], respondents = 30): ReportResult => ({ respondents, k: 11, epsilon: null, questions });

describe('waveTrend', () => {
  it('takes each wave’s published figures, leaves a withheld one withheld and a wave without report empty', () => {
    const trend = waveTrend([
      { waveNumber: 2, opensAt: null, closesAt: null, result: report([question({ choices: [choice('Yes', 12, 30, true), choice('No', 18, 30, true)] }), question({ kind: 'NUMBER', mean: null })]) },
      { waveNumber: 1, opensAt: new Date('2026-01-05T00:00:00Z'), closesAt: null, result: report([question({ choices: [choice('Yes', 12, 30), choice('No', 18, 30)] }), question({ kind: 'NUMBER', mean: 4.5, meanCiLow: 4, meanCiHigh: 5 })]) },
      { waveNumber: 3, opensAt: null, closesAt: null, result: null },
    ]);
    expect(trend.waves.map((w) => [w.waveNumber, w.reported, w.respondents])).toEqual([[1, true, 30], [2, true, 30], [3, false, 0]]);
    const [yes, no] = trend.questions[0]!.figures;
    expect(yes!.points.map((p) => [p.value, p.suppressed])).toEqual([[0.4, false], [null, true], [null, false]]);
    expect(no!.label).toBe('No');
    expect(trend.questions[1]!.figures).toEqual([{ kind: 'MEAN', label: '', choice: null, points: [
      { waveNumber: 1, value: 4.5, ciLow: 4, ciHigh: 5, n: 30, suppressed: false },
      { waveNumber: 2, value: null, ciLow: null, ciHigh: null, n: 0, suppressed: true },
      { waveNumber: 3, value: null, ciLow: null, ciHigh: null, n: 0, suppressed: false },
    ] }]);
    const csv = waveTrendCsv(trend).split('\n');
    expect(csv[1]).toBe('1,"Tested?",share,"Yes",1,2026-01-05,30,0.4,0.1,0.9');
    expect(csv[2]).toBe('1,"Tested?",share,"Yes",2,,0,withheld,,');
    expect(csv[3]).toBe('1,"Tested?",share,"Yes",3,,0,not_reported,,');
  });
});
