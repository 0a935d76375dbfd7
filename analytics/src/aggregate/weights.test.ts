/**
 * Weighted estimates against hand-computed figures, and against R's `survey` package
 * (svydesign(ids = ~1) → postStratify / rake → trimWeights → svymean) on the same respondents
 * and frame, to 1e-6. The R comparison runs whenever `Rscript` is on the PATH (CI installs
 * r-cran-survey); it is skipped only when Rscript is absent, and says so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrate, weightedEstimate, type FrameCell, type SampleCell } from './weights.ts';

describe('weighted estimates, by hand', () => {
  it('post-stratifies two cells and gives the linearised standard error', () => {
    // Cell A: 2 respondents (y = 1, 0), frame 30; cell B: 2 respondents (y = 1, 1), frame 10.
    // Weights 15 and 5; mean (15 + 5 + 5) / 40 = 0.625. Influence x = w (y − 0.625) / 40:
    // A: 0.140625, −0.234375 (mean −0.046875 → residuals ±0.1875); B: 0.046875 twice (residuals 0).
    // Variance 4/3 × 2 × 0.1875² = 0.09375, SE = 0.3061862.
    const cells: SampleCell[] = [
      { key: ['cardiology', 'FR'], n: 2 },
      { key: ['pediatrics', 'FR'], n: 2 },
    ];
    const frame: FrameCell[] = [
      { specialty: 'cardiology', country: 'FR', count: 30 },
      { specialty: 'pediatrics', country: 'FR', count: 10 },
    ];
    const cal = calibrate(cells, frame)!;
    expect(cal.method).toBe('POST_STRATIFICATION');
    expect(cal.weights).toEqual([15, 5]);
    const e = weightedEstimate(cal, [2, 2], { sum: [1, 2], sumSquares: [1, 2] }, true)!;
    expect(e.estimate).toBeCloseTo(0.625, 12);
    expect(e.se).toBeCloseTo(Math.sqrt(0.09375), 12);
    expect(e.ciLow).toBeCloseTo(0.625 - 1.959963984540054 * Math.sqrt(0.09375), 12);
    expect(e.ciHigh).toBe(1);
    // Unweighted, the share would be 3/4: weighting moves it toward the larger stratum.
    expect(cal.nEffective).toBeCloseTo((40 * 40) / (2 * 225 + 2 * 25), 12);
  });

  it('rakes to the margins when a frame cell has no respondent, and trims a weight above 5 × the mean', () => {
    // 2 × 2 frame, one cell empty in the sample: no post-stratification.
    const cells: SampleCell[] = [
      { key: ['a', 'FR'], n: 10 },
      { key: ['a', 'US'], n: 10 },
      { key: ['b', 'FR'], n: 10 },
    ];
    const frame: FrameCell[] = [
      { specialty: 'a', country: 'FR', count: 100 },
      { specialty: 'a', country: 'US', count: 50 },
      { specialty: 'b', country: 'FR', count: 100 },
      { specialty: 'b', country: 'US', count: 50 },
    ];
    const cal = calibrate(cells, frame)!;
    expect(cal.method).toBe('RAKING');
    expect(cal.converged).toBe(true);
    // Margins a = 150, b = 150, FR = 200, US = 100: only US holds a·US (100), so a·FR = 50 and
    // b·FR = 150: weights 5, 10 and 15. The mean weight is 10, the cap 50: nothing is trimmed.
    expect(cal.weights[0]).toBeCloseTo(5, 6);
    expect(cal.weights[1]).toBeCloseTo(10, 6);
    expect(cal.weights[2]).toBeCloseTo(15, 6);
    expect(cal.trimmedRespondents).toBe(0);

    const skewed = calibrate([{ key: ['a', 'FR'], n: 1 }, { key: ['b', 'FR'], n: 99 }], [
      { specialty: 'a', country: 'FR', count: 500 },
      { specialty: 'b', country: 'FR', count: 500 },
    ])!;
    // Calibrated: 500 and 500/99; the mean is 10, so the cap is 50: the excess 450 goes to the 99 others.
    expect(skewed.calibrated[0]).toBeCloseTo(500, 9);
    expect(skewed.weights[0]).toBeCloseTo(50, 9);
    expect(skewed.weights[1]).toBeCloseTo(500 / 99 + 450 / 99, 9);
    expect(skewed.trimmedRespondents).toBe(1);
  });

  it('gives generalised respondents (`*`) and categories outside the frame their sample share', () => {
    const cal = calibrate([
      { key: ['a', 'FR'], n: 30 },
      { key: ['b', 'FR'], n: 10 },
      { key: ['*', 'FR'], n: 10 },
    ], [
      { specialty: 'a', country: 'FR', count: 50 },
      { specialty: 'b', country: 'FR', count: 150 },
    ])!;
    expect(cal.method).toBe('RAKING');
    const margin = cal.targets.margins![0]!;
    expect(Object.fromEntries(margin.map((m) => [m.category, m.total]))).toEqual({ '*': 40, a: 40, b: 120 });
  });
});

function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Respondent {
  specialty: string;
  country: string;
  choice: number;
  number: number;
}

/** Our estimates for a sample: the share of each of 3 choices and the mean of `number`. */
function ours(respondents: readonly Respondent[], frame: readonly FrameCell[]) {
  const keys = [...new Set(respondents.map((r) => `${r.specialty}|${r.country}`))].sort();
  const cells: SampleCell[] = keys.map((k) => ({ key: k.split('|') as [string, string], n: respondents.filter((r) => `${r.specialty}|${r.country}` === k).length }));
  const cal = calibrate(cells, frame)!;
  const counts = cells.map((c) => c.n);
  const inCell = (i: number) => respondents.filter((r) => `${r.specialty}|${r.country}` === keys[i]);
  const estimates = [0, 1, 2].map((j) => {
    const sum = keys.map((_, i) => inCell(i).filter((r) => r.choice === j).length);
    return weightedEstimate(cal, counts, { sum, sumSquares: sum }, true)!;
  });
  const sum = keys.map((_, i) => inCell(i).reduce((s, r) => s + r.number, 0));
  const sumSquares = keys.map((_, i) => inCell(i).reduce((s, r) => s + r.number * r.number, 0));
  estimates.push(weightedEstimate(cal, counts, { sum, sumSquares }, false)!);
  return { cal, estimates };
}

const R_SCRIPT = String.raw`
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
d <- read.csv(file.path(dir, "respondents.csv"), colClasses = c(specialty = "character", country = "character"))
for (j in 0:2) d[[paste0("c", j)]] <- as.numeric(d$choice == j)
des <- svydesign(ids = ~1, data = d)
method <- readLines(file.path(dir, "method.txt"))
if (method == "POST_STRATIFICATION") {
  pop <- read.csv(file.path(dir, "cells.csv"), colClasses = c(specialty = "character", country = "character"))
  des <- postStratify(des, ~specialty + country, pop)
} else {
  m1 <- read.csv(file.path(dir, "specialty.csv"), colClasses = c(specialty = "character"))
  m2 <- read.csv(file.path(dir, "country.csv"), colClasses = c(country = "character"))
  des <- rake(des, list(~specialty, ~country), list(m1, m2), control = list(maxit = 100, epsilon = 1e-10))
}
cap <- as.numeric(readLines(file.path(dir, "cap.txt")))
des <- trimWeights(des, upper = cap, strict = TRUE)
out <- c()
for (v in c("c0", "c1", "c2", "number")) {
  m <- svymean(as.formula(paste0("~", v)), des, deff = TRUE)
  out <- c(out, sprintf("%s,%.17g,%.17g,%.17g", v, coef(m), SE(m), deff(m)))
}
writeLines(out, file.path(dir, "r.csv"))
`;

function viaR(respondents: readonly Respondent[], cal: NonNullable<ReturnType<typeof calibrate>>) {
  const dir = mkdtempSync(join(tmpdir(), 'weights-r-'));
  try {
    writeFileSync(join(dir, 'respondents.csv'), `specialty,country,choice,number\n${respondents.map((r) => `${r.specialty},${r.country},${r.choice},${r.number}`).join('\n')}\n`);
    writeFileSync(join(dir, 'method.txt'), `${cal.method}\n`);
    writeFileSync(join(dir, 'cap.txt'), `${cal.trimCap.toPrecision(17)}\n`);
    if (cal.targets.cells) writeFileSync(join(dir, 'cells.csv'), `specialty,country,Freq\n${cal.targets.cells.map((c) => `${c.key[0]},${c.key[1]},${c.total}`).join('\n')}\n`);
    else {
      const [s, c] = cal.targets.margins!;
      writeFileSync(join(dir, 'specialty.csv'), `specialty,Freq\n${s!.map((m) => `${m.category},${m.total.toPrecision(17)}`).join('\n')}\n`);
      writeFileSync(join(dir, 'country.csv'), `country,Freq\n${c!.map((m) => `${m.category},${m.total.toPrecision(17)}`).join('\n')}\n`);
    }
    writeFileSync(join(dir, 'script.R'), R_SCRIPT);
    execFileSync('Rscript', [join(dir, 'script.R'), dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(join(dir, 'r.csv'), 'utf8').trim().split('\n').map((line) => {
      const [, estimate, se, deff] = line.split(',');
      return { estimate: Number(estimate), se: Number(se), deff: Number(deff) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hasR = spawnSync('Rscript', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasR) console.warn('weights.test.ts: Rscript is not installed, so the comparison with R survey is skipped (apt-get install r-cran-survey)');

describe.skipIf(!hasR)('weighted estimates equal R survey (postStratify / rake, trimWeights, svymean)', () => {
  const specialties = ['cardiology', 'pediatrics', 'general-practice', 'dermatology'];
  const countries = ['FR', 'BE', 'US'];
  const sample = (seed: number, size: number, cell: (u: () => number) => [string, string]): Respondent[] => {
    const u = seeded(seed);
    return Array.from({ length: size }, () => {
      const [specialty, country] = cell(u);
      const bias = specialties.indexOf(specialty) / 10;
      const choice = u() < 0.3 + bias ? 0 : u() < 0.6 ? 1 : 2;
      return { specialty, country, choice, number: Math.floor(u() * 40) + (country === 'US' ? 10 : 0) };
    });
  };
  const fullFrame = (u: () => number): FrameCell[] => specialties.flatMap((specialty) => countries.map((country) => ({ specialty, country, count: 200 + Math.floor(u() * 3000) })));

  const check = (respondents: Respondent[], frame: FrameCell[], method: string) => {
    const { cal, estimates } = ours(respondents, frame);
    expect(cal.method).toBe(method);
    const r = viaR(respondents, cal);
    estimates.forEach((e, i) => {
      expect(Math.abs(e.estimate - r[i]!.estimate)).toBeLessThan(1e-6);
      expect(Math.abs(e.se - r[i]!.se)).toBeLessThan(1e-6);
      expect(Math.abs(e.deff! - r[i]!.deff)).toBeLessThan(1e-6);
    });
    return cal;
  };

  it('post-stratification: every frame cell has respondents', () => {
    const respondents = sample(1, 400, (u) => [specialties[Math.floor(u() * 4)]!, countries[Math.floor(u() * 3)]!]);
    check(respondents, fullFrame(seeded(2)), 'POST_STRATIFICATION');
  });

  it('raking: a frame cell without respondents, generalised respondents (`*`) and a country outside the frame', () => {
    const respondents = sample(3, 500, (u) => {
      const s = u() < 0.05 ? '*' : specialties[Math.floor(u() * 4)]!;
      const c = u() < 0.04 ? 'DE' : countries[Math.floor(u() * 3)]!;
      return s === 'dermatology' && c === 'BE' ? ['dermatology', 'FR'] : [s, c];
    });
    check(respondents, fullFrame(seeded(4)), 'RAKING');
  }, 60_000);

  it('trimming: a cell of 2 respondents standing for a large share of the frame', () => {
    const respondents = sample(5, 300, (u) => [specialties[Math.floor(u() * 3)]!, countries[Math.floor(u() * 3)]!]);
    respondents.push({ specialty: 'dermatology', country: 'FR', choice: 0, number: 3 }, { specialty: 'dermatology', country: 'FR', choice: 2, number: 30 });
    const frame = fullFrame(seeded(6)).filter((f) => f.specialty !== 'dermatology' || f.country === 'FR');
    frame.find((f) => f.specialty === 'dermatology')!.count = 9000;
    const cal = check(respondents, frame, 'POST_STRATIFICATION');
    expect(cal.trimmedRespondents).toBe(2);
  }, 60_000);
});
