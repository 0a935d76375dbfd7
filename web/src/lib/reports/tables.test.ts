import { describe, expect, it } from 'vitest';
import { crossTabModel, crossTabsOf, figureRows, withheldMean } from './tables.ts';
import { choice, question, suppressedChoice } from './testing.ts';

const bin = (low: number, high: number) => `${low}–${high}`;

describe('figureRows', () => {
  it('lists every choice, a suppressed one without any figure', () => {
    const rows = figureRows(question(), bin);
    expect(rows.map((r) => r.label)).toEqual(['Yes', 'No', 'Unsure']);
    expect(rows[0]?.figures).toEqual({ count: 18, share: 0.6, ciLow: 0.43, ciHigh: 0.77 });
    expect(rows[2]?.figures).toBeNull();
  });

  it('lists the bins of a number question, and nothing for a question under k', () => {
    const numberQuestion = question({
      kind: 'NUMBER',
      histogram: [
        { low: 0, high: 5, count: 11, suppressed: false },
        { low: 5, high: 10, count: 0, suppressed: true },
      ],
    });
    expect(figureRows(numberQuestion, bin)).toEqual([
      { label: '0–5', figures: { count: 11, share: null, ciLow: null, ciHigh: null } },
      { label: '5–10', figures: null },
    ]);
    expect(figureRows(question({ suppressed: true }), bin)).toEqual([]);
  });
});

describe('crossTabModel', () => {
  const tab = {
    dimension: 'specialty',
    cells: [
      { segment: 'cardiology', n: 20, suppressed: false, mean: null, choices: [choice('yes', 'Yes', 14, 0.7), suppressedChoice('no', 'No')] },
      { segment: 'pediatrics', n: 4, suppressed: true, mean: null, choices: [] },
    ],
  };

  it('has the question’s choices as columns and the segments as rows', () => {
    const model = crossTabModel(question(), tab, 'Mean');
    expect(model.mode).toBe('choices');
    expect(model.columns.map((c) => c.label)).toEqual(['Yes', 'No', 'Unsure']);
    expect(model.rows.map((r) => r.segment)).toEqual(['cardiology', 'pediatrics']);
    expect(model.rows[0]?.cells).toEqual([{ kind: 'share', share: 0.7, count: 14 }, { kind: 'suppressed' }, { kind: 'none' }]);
  });

  it('marks every cell of a suppressed segment as suppressed and does not tell its size', () => {
    const row = crossTabModel(question(), tab, 'Mean').rows[1]!;
    expect(row.suppressed).toBe(true);
    expect(row.n).toBeNull();
    expect(row.cells).toEqual([{ kind: 'suppressed' }, { kind: 'suppressed' }, { kind: 'suppressed' }]);
  });

  it('has one column, the mean, for a number question', () => {
    const numberTab = {
      dimension: 'country',
      cells: [
        { segment: 'FR', n: 25, suppressed: false, mean: 12.5, choices: [] },
        { segment: 'BE', n: 3, suppressed: true, mean: null, choices: [] },
      ],
    };
    const model = crossTabModel(question({ kind: 'NUMBER', choices: [] }), numberTab, 'Mean');
    expect(model.columns).toEqual([{ id: 'mean', label: 'Mean' }]);
    expect(model.rows.map((r) => r.cells)).toEqual([[{ kind: 'mean', mean: 12.5 }], [{ kind: 'suppressed' }]]);
  });
});

describe('crossTabsOf', () => {
  it('says why the segments have no mean under differential privacy, and only then', () => {
    const crossTabs = [
      {
        dimension: 'country',
        cells: [
          { segment: 'FR', n: 25, suppressed: false, mean: null, choices: [] },
          { segment: 'BE', n: 3, suppressed: true, mean: null, choices: [] },
        ],
      },
    ];
    const numberQuestion = question({ kind: 'NUMBER', choices: [], mean: null, median: null, crossTabs });
    const [privateTab] = crossTabsOf(numberQuestion, 'Mean', 0.5);
    expect(privateTab?.rows.map((r) => r.cells)).toEqual([[{ kind: 'withheld', why: 'privacy' }], [{ kind: 'suppressed' }]]);
    // Without ε, a NUMBER segment never has a mean, and says so.
    expect(crossTabsOf(numberQuestion, 'Mean', null)[0]?.rows[0]?.cells).toEqual([{ kind: 'withheld', why: 'segment' }]);
  });

  it('gives no cross-tab for a text question or a question under k', () => {
    const crossTabs = [{ dimension: 'country', cells: [] }];
    expect(crossTabsOf(question({ crossTabs }), 'Mean')).toHaveLength(1);
    expect(crossTabsOf(question({ crossTabs, kind: 'TEXT' }), 'Mean')).toEqual([]);
    expect(crossTabsOf(question({ crossTabs, suppressed: true }), 'Mean')).toEqual([]);
  });
});

describe('withheldMean', () => {
  const likert = (overrides = {}) =>
    question({ kind: 'LIKERT', choices: [choice('1', '1', 12, 0.4), choice('2', '2', 18, 0.6), suppressedChoice('3', '3')], ...overrides });

  it('says a mean is withheld under differential privacy, for Likert and number questions', () => {
    expect(withheldMean(likert(), 0.5)).toBe('privacy');
    expect(withheldMean(question({ kind: 'NUMBER', choices: [] }), 1)).toBe('privacy');
  });

  it('says a Likert mean is withheld because a point of the scale is suppressed', () => {
    expect(withheldMean(likert(), null)).toBe('suppressedPoint');
  });

  it('says a number question’s mean and median are withheld because a histogram bin is suppressed', () => {
    const histogram = [{ low: 0, high: 10, count: 30, suppressed: false }, { low: 10, high: 20, count: 0, suppressed: true }];
    expect(withheldMean(question({ kind: 'NUMBER', choices: [], histogram }), null)).toBe('suppressedPoint');
  });

  it('says nothing when the mean is there, the question has none, or the whole question is suppressed', () => {
    expect(withheldMean(likert({ mean: 1.6, median: 2 }), null)).toBeNull();
    expect(withheldMean(question(), 0.5)).toBeNull();
    expect(withheldMean(likert({ suppressed: true }), 0.5)).toBeNull();
    expect(withheldMean(question({ kind: 'NUMBER', choices: [] }), null)).toBeNull();
  });
});
