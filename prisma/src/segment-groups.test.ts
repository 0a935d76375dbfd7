import { describe, expect, it } from 'vitest';
import { coveringLabel, groupSegments, parentLabel, ROOT } from './segment-groups.ts';

const groups = (entries: Array<[string, number]>, k = 11) => Object.fromEntries(groupSegments(new Map(entries), k));

/** Each group's total, from an assignment and the counts it was made from. */
function sizes(entries: Array<[string, number]>, k = 11): Map<string, number> {
  const assignment = groupSegments(new Map(entries), k);
  const total = new Map<string, number>();
  for (const [label, count] of entries) total.set(assignment.get(label)!, (total.get(assignment.get(label)!) ?? 0) + count);
  return total;
}

describe('segment labels', () => {
  it('coarsen band, then specialty, then country', () => {
    expect(parentLabel('cardiology|FR|10-19')).toBe('cardiology|FR|*');
    expect(parentLabel('cardiology|FR|*')).toBe('*|FR|*');
    expect(parentLabel('*|FR|*')).toBe(ROOT);
    expect(parentLabel(ROOT)).toBeNull();
  });

  it('cover a leaf by the finest label present, else the root', () => {
    const labels = new Set(['cardiology|FR|10-19', 'cardiology|FR|*', ROOT]);
    expect(coveringLabel('cardiology|FR|10-19', labels)).toBe('cardiology|FR|10-19');
    expect(coveringLabel('cardiology|FR|30+', labels)).toBe('cardiology|FR|*');
    expect(coveringLabel('pediatrics|BE|0-9', labels)).toBe(ROOT);
  });
});

describe('groupSegments', () => {
  it('keeps every segment that reaches k as it is', () => {
    expect(groups([['cardiology|FR|10-19', 11], ['cardiology|FR|20-29', 30]])).toEqual({
      'cardiology|FR|10-19': 'cardiology|FR|10-19',
      'cardiology|FR|20-29': 'cardiology|FR|20-29',
    });
  });

  it('stores a lone specialist without the years band when the rest of the specialty makes a crowd', () => {
    expect(groups([['cardiology|FR|10-19', 6], ['cardiology|FR|20-29', 7], ['cardiology|FR|30+', 20]])).toEqual({
      'cardiology|FR|10-19': 'cardiology|FR|*',
      'cardiology|FR|20-29': 'cardiology|FR|*',
      'cardiology|FR|30+': 'cardiology|FR|30+',
    });
  });

  it('merges a kept segment into a small rest rather than leave the rest recomputable', () => {
    // 1 neurologist beside 12 and 15 cardiologists: the neurologist alone would be
    // (France − the cardiologists); the smaller cardiology group joins them.
    const result = groups([['cardiology|FR|10-19', 12], ['cardiology|FR|20-29', 15], ['neurology|FR|10-19', 1]]);
    expect(result['neurology|FR|10-19']).toBe('*|FR|*');
    expect(result['cardiology|FR|10-19']).toBe('*|FR|*');
    expect(result['cardiology|FR|20-29']).toBe('cardiology|FR|20-29');
  });

  it('puts everything in the root when the whole population is below k', () => {
    expect(new Set(Object.values(groups([['a|FR|0-9', 3], ['b|BE|30+', 4]])))).toEqual(new Set([ROOT]));
  });

  it('takes labels that are already coarse (answers stored under a key label)', () => {
    expect(groups([['cardiology|FR|*', 4], ['cardiology|FR|10-19', 20], ['*|BE|*', 30]])).toEqual({
      'cardiology|FR|*': 'cardiology|FR|*',
      'cardiology|FR|10-19': 'cardiology|FR|*',
      '*|BE|*': '*|BE|*',
    });
  });

  it('gives every group at least k, whatever the counts (random trees)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 300; round++) {
      const entries: Array<[string, number]> = [];
      for (const s of ['a', 'b', 'c']) for (const c of ['FR', 'BE']) for (const y of ['0-9', '10-19', '30+']) {
        if (random() < 0.6) entries.push([`${s}|${c}|${y}`, Math.floor(random() * 14)]);
      }
      if (random() < 0.3) entries.push(['a|FR|*', Math.floor(random() * 5)]);
      const total = entries.reduce((sum, [, n]) => sum + n, 0);
      for (const [label, size] of sizes(entries, 5)) {
        if (total >= 5 && size > 0) expect(size, `${label} in round ${round}`).toBeGreaterThanOrEqual(5);
      }
    }
  });
});

describe('groupSegments, choosing where a small rest goes', () => {
  it('sends small rests up when together they make a crowd, keeping the big segment whole', async () => {
    // 9 French and 5 Belgian pediatricians beside 26 cardiologists: merging France's 9 with the
    // cardiologists would lose the cardiology label; the 14 pediatricians are a crowd together.
    expect(groups([['cardiology|FR|10-19', 26], ['pediatrics|FR|20-29', 9], ['pediatrics|BE|0-9', 5]])).toEqual({
      'cardiology|FR|10-19': 'cardiology|FR|10-19',
      'pediatrics|FR|20-29': ROOT,
      'pediatrics|BE|0-9': ROOT,
    });
  });
});
