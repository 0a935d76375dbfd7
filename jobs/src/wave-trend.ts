/**
 * The trend of a repeating survey across its waves (docs/waves.md): for each question (matched
 * by position, the same in every wave) and each of its figures — a choice's share, a mean — the
 * value of every wave with its 95% interval, taken from that wave's built report as published.
 * Pure: the API serves it, the CSV writes it, a PDF builder can draw it.
 *
 * Nothing here is computed from answers, and nothing is pooled across waves: each point is a
 * figure its wave's report already publishes, after that wave's suppression. A figure withheld in
 * a wave stays withheld in the trend (null, `suppressed`), and no total over waves is published,
 * so no difference of published figures gives it back.
 */
import type { QuestionKind, ReportResult } from './report-result.ts';

/** A wave as the trend reads it: its report only if the reader may read it and it is built. */
export interface TrendWaveInput {
  waveNumber: number;
  opensAt: Date | null;
  closesAt: Date | null;
  result: ReportResult | null;
}

export interface TrendPoint {
  waveNumber: number;
  /** A share (0–1) or a mean; null when the wave has no report to read or withholds the figure. */
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** The base of the figure in that wave (the question's published n); 0 when unknown. */
  n: number;
  /** The wave's report withholds this figure (fewer than k, complementary suppression, or a mean withheld). */
  suppressed: boolean;
}

export type TrendFigureKind = 'SHARE' | 'MEAN';

export interface TrendFigure {
  kind: TrendFigureKind;
  /** The choice's label for a share ("" for a mean). */
  label: string;
  /** The choice's position for a share; null for a mean. */
  choice: number | null;
  points: TrendPoint[];
}

export interface TrendQuestion {
  position: number;
  prompt: string;
  kind: QuestionKind;
  figures: TrendFigure[];
}

export interface TrendWave {
  waveNumber: number;
  opensAt: Date | null;
  closesAt: Date | null;
  /** Whether the wave's report was read (built, and readable by the reader). */
  reported: boolean;
  /** The report's respondents (0 without a report). */
  respondents: number;
}

export interface WaveTrend {
  waves: TrendWave[];
  questions: TrendQuestion[];
}

const hasMean = (kind: QuestionKind) => kind === 'NUMBER' || kind === 'LIKERT';
const hasShares = (kind: QuestionKind) => kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE' || kind === 'LIKERT';

/** The trend of `waves` (any order; returned by wave number), shaped on the latest reported wave's questions. */
export function waveTrend(input: readonly TrendWaveInput[]): WaveTrend {
  const waves = [...input].sort((a, b) => a.waveNumber - b.waveNumber);
  const template = [...waves].reverse().find((w) => w.result)?.result ?? null;
  const questions = (template?.questions ?? []).map((q, position): TrendQuestion => {
    const figures: TrendFigure[] = [];
    if (hasShares(q.kind)) {
      q.choices.forEach((choice, i) => {
        figures.push({ kind: 'SHARE', label: choice.label, choice: i, points: waves.map((w) => sharePoint(w, position, i)) });
      });
    }
    if (hasMean(q.kind)) figures.push({ kind: 'MEAN', label: '', choice: null, points: waves.map((w) => meanPoint(w, position)) });
    return { position, prompt: q.prompt, kind: q.kind, figures };
  });
  return {
    waves: waves.map((w) => ({ waveNumber: w.waveNumber, opensAt: w.opensAt, closesAt: w.closesAt, reported: w.result !== null, respondents: w.result?.respondents ?? 0 })),
    questions,
  };
}

const empty = (waveNumber: number, suppressed: boolean): TrendPoint => ({ waveNumber, value: null, ciLow: null, ciHigh: null, n: 0, suppressed });

function sharePoint(wave: TrendWaveInput, position: number, choice: number): TrendPoint {
  const question = wave.result?.questions[position];
  if (!question) return empty(wave.waveNumber, false);
  const c = question.choices[choice];
  if (question.suppressed || !c || c.suppressed) return empty(wave.waveNumber, true);
  return { waveNumber: wave.waveNumber, value: c.share, ciLow: c.ciLow, ciHigh: c.ciHigh, n: question.n, suppressed: false };
}

function meanPoint(wave: TrendWaveInput, position: number): TrendPoint {
  const question = wave.result?.questions[position];
  if (!question) return empty(wave.waveNumber, false);
  if (question.suppressed || question.mean === null) return empty(wave.waveNumber, true);
  return {
    waveNumber: wave.waveNumber, value: question.mean, ciLow: question.meanCiLow ?? null, ciHigh: question.meanCiHigh ?? null, n: question.n, suppressed: false,
  };
}

/** The trend as CSV: one row per question, figure and wave; a withheld figure reads `withheld`, a wave without report `not_reported`. */
export function waveTrendCsv(trend: WaveTrend): string {
  const quoted = (v: string) => `"${v.replaceAll('"', '""')}"`;
  const number = (v: number | null) => (v === null ? '' : String(v));
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');
  const rows = ['question,prompt,figure,choice,wave,opens_on,n,value,ci_low,ci_high'];
  for (const q of trend.questions) {
    for (const f of q.figures) {
      for (const p of f.points) {
        const wave = trend.waves.find((w) => w.waveNumber === p.waveNumber)!;
        const value = !wave.reported ? 'not_reported' : p.suppressed ? 'withheld' : number(p.value);
        rows.push([String(q.position + 1), quoted(q.prompt), f.kind.toLowerCase(), quoted(f.label), String(p.waveNumber), day(wave.opensAt), String(p.n), value, number(p.ciLow), number(p.ciHigh)].join(','));
      }
    }
  }
  return rows.join('\n') + '\n';
}
