import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generalise, releasedAt } from './generalise.ts';
import { respondentTable, type FileAnswer, type FileQuestion, type FileResponse } from './respondents.ts';
import { SUPPRESSED_CODE, codesToSuppress } from './local-suppression.ts';
import { CSV_NAME, toCsv, toDo, toR, toSps } from './syntax.ts';

const K = 5;
const questions: FileQuestion[] = [
  { id: 'q-single', kind: 'SINGLE_CHOICE', prompt: 'Do you prescribe “drug X”? It\'s new', choices: [{ id: 'yes', label: 'Oui, souvent' }, { id: 'no', label: "No, it's 'rare'" }] },
  { id: 'q-multi', kind: 'MULTIPLE_CHOICE', prompt: 'Which settings?', choices: [{ id: 'h', label: 'Hospital' }, { id: 'c', label: 'Clinic' }] },
  { id: 'q-number', kind: 'NUMBER', prompt: 'Patients seen this week', choices: [] },
  { id: 'q-text', kind: 'TEXT', prompt: 'Comments', choices: [] },
  { id: 'q-matrix', kind: 'MATRIX', prompt: 'Agree?', choices: [...['1', '2', '3', '4', '5'].map((p) => ({ id: `p${p}`, label: `point ${p}`, role: 'OPTION' })), { id: 'i1', label: 'Item one', role: 'ITEM' }, { id: 'i2', label: 'Item two', role: 'ITEM' }] },
  { id: 'q-rank', kind: 'RANKING', prompt: 'Rank them', rankTop: 2, choices: [{ id: 'ra', label: 'A' }, { id: 'rb', label: 'B' }, { id: 'rc', label: 'C' }] },
  { id: 'q-rare', kind: 'SINGLE_CHOICE', prompt: 'Shown to few', choices: [{ id: 'x', label: 'X' }] },
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
      // Item one: point 1 by two, point 5 by four (both below k), point 4 by the rest; item two: points 2 and 3 alike.
      ['q-matrix', { choiceIds: [], number: null, text: null, items: new Map([['i1', i < 2 ? 'p1' : i < 6 ? 'p5' : 'p4'], ['i2', i % 2 ? 'p2' : 'p3']]) }],
      // A first by three, B by the rest; C second by all.
      ['q-rank', { choiceIds: i < 3 ? ['ra', 'rc'] : ['rb', 'rc'], number: null, text: null }],
      ...(i < 3 ? [['q-rare', { choiceIds: ['x'], number: null, text: null }] as [string, FileAnswer]] : []),
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
    expect(table.variables.map((v) => v.name)).toEqual(['specialty_group', 'region', 'q1', 'q2_1', 'q2_2', 'q3', 'q5_1', 'q5_2', 'q6_1', 'q6_2', 'q6_3']);
    const counts = new Map<string, number>();
    for (const row of table.rows) counts.set(comboOf(row, qi), (counts.get(comboOf(row, qi)) ?? 0) + 1);
    for (const count of counts.values()) expect(count).toBeGreaterThanOrEqual(K);
    expect(table.rows.length + table.suppressed).toBe(responses.length);
    const csv = toCsv(table);
    expect(csv).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(csv).not.toContain('answer ');
    expect(table.omitted).toEqual([{ variable: 'q4', reason: 'TEXT_WITHHELD' }, { variable: 'q7', reason: 'BELOW_K' }]);
  });

  it('shuffles the rows: the input order does not survive', () => {
    const responses = Array.from({ length: 200 }, (_, i) => ({ segment: 'cardiology|FR|0-9', answers: new Map([['q-number', { choiceIds: [], number: i, text: null }]]) }));
    const numbers = respondentTable(questions, responses, { k: K, texts: false, lang: 'en' }).rows.map((r) => r.at(-1));
    expect(numbers).not.toEqual(responses.map((_, i) => i));
    // Top and bottom coded: 0–3 read 4, 196–199 read 195.
    expect([...numbers].sort((a, b) => Number(a) - Number(b))).toEqual(responses.map((_, i) => Math.min(Math.max(i, K - 1), 200 - K)));
  });

  it('releases free texts only when allowed', () => {
    const table = respondentTable(questions, sample(), { k: K, texts: true, lang: 'en' });
    expect(table.variables.map((v) => v.name)).toContain('q4');
    expect(toCsv(table)).toContain('"\'=cmd, ""quoted"" second line"');
  });
});

describe('local suppression', () => {
  const single: FileQuestion = { id: 's', kind: 'SINGLE_CHOICE', prompt: 'Which?', choices: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id.toUpperCase() })) };
  const answering = (counts: Record<string, number>) => Object.entries(counts).flatMap(([id, n]) => Array.from({ length: n }, () => ({ segment: 'cardiology|FR|0-9', answers: new Map([['s', { choiceIds: [id], number: null, text: null }]]) })));
  const tally = (table: ReturnType<typeof respondentTable>, name: string) => {
    const at = table.variables.findIndex((v) => v.name === name);
    const counts: Record<string, number> = {};
    for (const row of table.rows) counts[String(row[at])] = (counts[String(row[at])] ?? 0) + 1;
    return counts;
  };

  it('recodes the choices fewer than k picked and keeps the common ones', () => {
    const table = respondentTable([single], answering({ a: 30, b: 20, c: 3, d: 4 }), { k: K, texts: false, lang: 'en' });
    expect(tally(table, 'q1')).toEqual({ 1: 30, 2: 20, [SUPPRESSED_CODE]: 7 });
    expect(table.variables.find((v) => v.name === 'q1')!.values).toContainEqual({ code: SUPPRESSED_CODE, label: 'suppressed (< k)' });
    expect(table.localSuppression).toEqual([{ variable: 'q1', values: 2, rows: 7 }]);
  });

  it('never lets the suppressed code count one rare choice alone: the least common other joins it', () => {
    const table = respondentTable([single], answering({ a: 30, b: 20, c: 3 }), { k: K, texts: false, lang: 'en' });
    expect(tally(table, 'q1')).toEqual({ 1: 30, [SUPPRESSED_CODE]: 23 });
    expect(respondentTable([single], answering({ a: 30, b: 20 }), { k: K, texts: false, lang: 'en' }).localSuppression).toEqual([]);
  });

  it('suppresses matrix levels and ranks, leaves out a question fewer than k answered, and codes number extremes', () => {
    const table = respondentTable(questions, sample(), { k: K, texts: false, lang: 'en' });
    expect(tally(table, 'q5_1')).toEqual({ 4: table.rows.length - 6, [SUPPRESSED_CODE]: 6 });
    expect(Object.keys(tally(table, 'q5_2')).sort()).toEqual(['2', '3']);
    // A is first for three respondents and unranked for the others: both codes go, nothing tells the three.
    expect(tally(table, 'q6_1')).toEqual({ [SUPPRESSED_CODE]: table.rows.length });
    expect(tally(table, 'q6_3')).toEqual({ 2: table.rows.length });
    expect(table.omitted).toContainEqual({ variable: 'q7', reason: 'BELOW_K' });
    const numbers = table.rows.map((row) => row[table.variables.findIndex((v) => v.name === 'q3')]).filter((n): n is number => typeof n === 'number').sort((a, b) => a - b);
    const { low, high } = table.numberCoding[0]!;
    expect(numbers.filter((n) => n === low).length).toBeGreaterThanOrEqual(K);
    expect(numbers.filter((n) => n === high).length).toBeGreaterThanOrEqual(K);
    expect(numbers[0]).toBe(low);
    expect(numbers.at(-1)).toBe(high);
  });

  it('pools at least k rows, or none, whatever the counts', () => {
    for (let seed = 1; seed < 200; seed++) {
      const cells = Array.from({ length: 20 + (seed % 40) }, (_, i) => ((i * seed) % 7 === 0 ? 1 : (i * seed) % (2 + (seed % 6))) + 1);
      const pooled = codesToSuppress(cells, K);
      const held = cells.filter((c) => pooled.has(c)).length;
      expect(held === 0 || held >= K).toBe(true);
      for (const code of new Set(cells)) if (cells.filter((c) => c === code).length < K) expect(pooled.has(code)).toBe(true);
    }
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
    expect(lines[0]).toBe('specialty_group,region,q1,q2_1,q2_2,q3,q4,q5_1,q5_2,q6_1,q6_2,q6_3');
    expect(lines).toHaveLength(table.rows.length + 1);
    const labelled = lines.slice(1).join('\n');
    expect(labelled).toContain('Oui, souvent');
    expect(labelled).toContain('Europe de l’Ouest');
    expect(labelled).toContain('coché');
    expect(labelled).toContain('supprimé (< k)');
    expect(listing).toContain('Rank them — A');
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
