import { describe, expect, it } from 'vitest';
import { cellMayHold, quotaProblem, shownFill } from './quotas.ts';

describe('shownFill', () => {
  it('says nothing of a cell below k, rounds down to a multiple of k above it, and shows a full cell’s maximum', () => {
    expect(shownFill(0, 50, 11)).toEqual({ shown: 0, belowK: true, full: false });
    expect(shownFill(10, 50, 11)).toEqual({ shown: 0, belowK: true, full: false });
    expect(shownFill(11, 50, 11)).toEqual({ shown: 11, belowK: false, full: false });
    expect(shownFill(21, 50, 11)).toEqual({ shown: 11, belowK: false, full: false });
    expect(shownFill(22, 50, 11)).toEqual({ shown: 22, belowK: false, full: false });
    expect(shownFill(50, 50, 11)).toEqual({ shown: 50, belowK: false, full: true });
  });

  it('never moves by one answer below a step: two fills one apart read the same unless they straddle a multiple of k', () => {
    for (let taken = 0; taken < 49; taken++) {
      const a = shownFill(taken, 50, 5).shown;
      const b = shownFill(taken + 1, 50, 5).shown;
      expect(a === b || (taken + 1) % 5 === 0 || taken + 1 === 50).toBe(true);
    }
  });
});

describe('cellMayHold', () => {
  const cell = (specialty: string | null, country: string | null, yearsBand: string | null) => ({ specialty, country, yearsBand });
  it('holds a label whose parts match, or are withheld, for each part the cell names', () => {
    expect(cellMayHold(cell('cardiology', null, null), 'cardiology|FR|10-19')).toBe(true);
    expect(cellMayHold(cell('cardiology', null, null), 'neurology|FR|10-19')).toBe(false);
    expect(cellMayHold(cell('cardiology', 'BE', null), 'cardiology|FR|10-19')).toBe(false);
    expect(cellMayHold(cell('cardiology', 'BE', null), '*|BE|*')).toBe(true);
    expect(cellMayHold(cell(null, null, '0-9'), '*|*|*')).toBe(true);
    expect(cellMayHold(cell(null, 'BE', '0-9'), 'cardiology|BE|10-19')).toBe(false);
  });
});

describe('quotaProblem', () => {
  it('accepts cells of known parts from k to the sample size, each once', () => {
    expect(quotaProblem([{ specialty: 'cardiology', maxAnswers: 50 }, { country: 'BE', yearsBand: '30+', maxAnswers: 11 }], 11, 200)).toBeNull();
  });
  it('names the first bad cell', () => {
    expect(quotaProblem([{ country: 'BE', maxAnswers: 20 }, { specialty: 'cardiology', maxAnswers: 10 }], 11, 200)).toMatchObject({
      field: 'quotas.1.maxAnswers', reason: 'out_of_range', message: expect.stringContaining('cardiology|*|*'),
    });
    expect(quotaProblem(Array.from({ length: 51 }, () => ({ country: 'BE', maxAnswers: 20 })), 11, 200)).toMatchObject({ field: 'quotas' });
  });
});
