import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generalise, releasedAt } from './generalise.ts';
import { respondentTable, type FileAnswer, type FileQuestion, type FileResponse } from './respondents.ts';
import { CSV_NAME, toCsv, toDo, toR, toSps } from './syntax.ts';

const K = 5;
const questions: FileQuestion[] = [
  { id: 'q-single', kind: 'SINGLE_CHOICE', prompt: 'Do you prescribe “drug X”? It\'s new', choices: [{ id: 'yes', label: 'Oui, souvent' }, { id: 'no', label: "No, it's 'rare'" }] },
  { id: 'q-multi', kind: 'MULTIPLE_CHOICE', prompt: 'Which settings?', choices: [{ id: 'h', label: 'Hospital' }, { id: 'c', label: 'Clinic' }] },
  { id: 'q-number', kind: 'NUMBER', prompt: 'Patients seen this week', choices: [] },
  { id: 'q-text', kind: 'TEXT', prompt: 'Comments', choices: [] },
  { id: 'q-matrix', kind: 'MATRIX', prompt: 'A kind this file does not encode', choices: [] },
];

/** 40 cardiologists in France spread over bands, 7 in Belgium, 3 neurologists, 2 with a withheld specialty. */
function sample(): FileResponse[] {
  const segments = [
    ...Array.from({ length: 40 }, (_, i) => `cardiology|FR|${['0-9', '10-19', '20-29', '30+'][i % 4]}`),
    ...Array.from({ length: 7 }, () => 'cardiology|BE|10-19'),
    ...Array.from({ length: 3 }, () => 'neurology|FR|0-9'),
    ...Array.from({ length: 2 }, () => '*|FR|*'),
  ];
  return segments.map((segment, i) => ({
    segment,
    answers: new Map<string, FileAnswer>([
      ['q-single', { choiceIds: [i % 3 === 0 ? 'no' : 'yes'], number: null, text: null }],
      ['q-multi', { choiceIds: i % 2 ? ['h', 'c'] : ['c'], number: null, text: null }],
      ...(i % 5 === 0 ? [] : [['q-number', { choiceIds: [], number: i, text: null }] as [string, FileAnswer]]),
      ['q-text', { choiceIds: [], number: null, text: i === 0 ? '=cmd, "quoted"\nsecond line' : `answer ${i}` }],
    ]),
  }));
}

const comboOf = (row: Array<number | string | null>, n: number) => row.slice(0, n).join('|');

describe('generalisation ladder', () => {
  it('stops at the first rung where every combination reaches k', () => {
    const big = Array.from({ length: 20 }, (_, i) => `cardiology|FR|${i % 2 ? '0-9' : '10-19'}`);
    expect(generalise(big, 10).rung).toBe(0);
    expect(generalise([...big, 'cardiology|FR|30+'], 10).rung).toBe(1);
    // Belgium joins France in western Europe; the neurologists need the specialty group.
    expect(generalise([...big, ...Array.from({ length: 10 }, () => 'neurology|BE|0-9'), 'cardiology|BE|0-9'], 10).rung).toBe(2);
    expect(releasedAt('neurology|BE|0-9', 3)).toEqual({ specialtyGroup: 'medical-specialties', region: 'western-europe' });
  });

  it('suppresses the rows whose combination is still below k at the last rung', () => {
    const g = generalise([...Array.from({ length: 12 }, () => 'cardiology|FR|0-9'), 'surgery|US|30+', 'urology|CA|0-9'], 10);
    expect(g.rung).toBe(3);
    expect(g.suppressed).toBe(2);
    expect(g.released.filter((r) => r === null)).toHaveLength(2);
  });
});

describe('respondent table', () => {
  it('holds no response id and no date, and every released combination at least k times', () => {
    const responses = sample();
    const table = respondentTable(questions, responses, { k: K, texts: false, lang: 'en' });
    const qi = table.variables.filter((v) => ['specialty', 'specialty_group', 'country', 'region', 'years_band'].includes(v.name)).length;
    expect(table.rung).toBe(3);
    expect(table.variables.map((v) => v.name)).toEqual(['specialty_group', 'region', 'q1', 'q2_1', 'q2_2', 'q3']);
    const counts = new Map<string, number>();
    for (const row of table.rows) counts.set(comboOf(row, qi), (counts.get(comboOf(row, qi)) ?? 0) + 1);
    for (const count of counts.values()) expect(count).toBeGreaterThanOrEqual(K);
    expect(table.rows.length + table.suppressed).toBe(responses.length);
    const csv = toCsv(table);
    expect(csv).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(csv).not.toContain('answer ');
    expect(table.omitted).toEqual([{ variable: 'q4', reason: 'TEXT_WITHHELD' }, { variable: 'q5', reason: 'KIND_NOT_EXPORTED' }]);
  });

  it('shuffles the rows: the input order does not survive', () => {
    const responses = Array.from({ length: 200 }, (_, i) => ({ segment: 'cardiology|FR|0-9', answers: new Map([['q-number', { choiceIds: [], number: i, text: null }]]) }));
    const numbers = respondentTable(questions, responses, { k: K, texts: false, lang: 'en' }).rows.map((r) => r.at(-1));
    expect(numbers).not.toEqual(responses.map((_, i) => i));
    expect([...numbers].sort((a, b) => Number(a) - Number(b))).toEqual(responses.map((_, i) => i));
  });

  it('releases free texts only when allowed', () => {
    const table = respondentTable(questions, sample(), { k: K, texts: true, lang: 'en' });
    expect(table.variables.map((v) => v.name)).toContain('q4');
    expect(toCsv(table)).toContain('"\'=cmd, ""quoted"" second line"');
  });
});

describe.skipIf(!existsSync('/usr/bin/pspp'))('SPSS syntax in GNU PSPP', () => {
  it('opens the CSV with its variable labels, value labels and every row', () => {
    const table = respondentTable(questions, sample(), { k: K, texts: true, lang: 'fr' });
    const dir = mkdtempSync(join(tmpdir(), 'respondents-'));
    writeFileSync(join(dir, CSV_NAME), toCsv(table));
    writeFileSync(join(dir, 'respondents.sps'), toSps(table));
    writeFileSync(join(dir, 'check.sps'), [
      "INCLUDE FILE='respondents.sps'.",
      'DISPLAY DICTIONARY.',
      "SAVE TRANSLATE /OUTFILE='labels.csv' /TYPE=CSV /FIELDNAMES /CELLS=LABELS /REPLACE.",
      '',
    ].join('\n'));
    const out = execFileSync('/usr/bin/pspp', ['-O', 'format=txt', '-o', join(dir, 'out.txt'), 'check.sps'], { cwd: dir, encoding: 'utf8' });
    const listing = readFileSync(join(dir, 'out.txt'), 'utf8') + out;
    expect(listing).not.toMatch(/error/i);
    expect(listing).toContain('Do you prescribe “drug X”? It\'s new');
    expect(listing).toContain('Which settings? — Hospital');
    expect(listing).toContain("No, it's 'rare'");
    expect(listing).toContain('Spécialités médicales');
    const lines = readFileSync(join(dir, 'labels.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('specialty_group,region,q1,q2_1,q2_2,q3,q4');
    expect(lines).toHaveLength(table.rows.length + 1);
    const labelled = lines.slice(1).join('\n');
    expect(labelled).toContain('Oui, souvent');
    expect(labelled).toContain('Europe de l’Ouest');
    expect(labelled).toContain('coché');
  });
});

describe.skipIf(!existsSync('/usr/bin/Rscript'))('R syntax', () => {
  it('reads the CSV as labelled factors', () => {
    const table = respondentTable(questions, sample(), { k: K, texts: true, lang: 'en' });
    const dir = mkdtempSync(join(tmpdir(), 'respondents-r-'));
    writeFileSync(join(dir, CSV_NAME), toCsv(table));
    writeFileSync(join(dir, 'respondents.R'), toR(table));
    writeFileSync(join(dir, 'respondents.do'), toDo(table));
    const out = execFileSync('/usr/bin/Rscript', ['-e', 'source("respondents.R"); cat(nrow(d), levels(d$q1), attr(d$q1, "label"), sep = "\\n")'], { cwd: dir, encoding: 'utf8' });
    expect(out.split('\n')).toEqual([String(table.rows.length), 'Oui, souvent', "No, it's 'rare'", 'Do you prescribe “drug X”? It\'s new', '']);
  });
});
