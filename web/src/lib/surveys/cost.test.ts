import { describe, expect, it } from 'vitest';
import { estimateCost } from './cost.ts';

const PRICE = { baseFeeCents: 150_000, perRespondentCents: 500, vatRateBasisPoints: 2000 };

describe('the cost estimate of a survey', () => {
  it('is sample × honorarium plus the report fee of a survey that fills up', () => {
    expect(estimateCost({ sampleSize: '200', honorarium: '15' }, PRICE)).toEqual({
      sampleSize: 200, honorariumCents: 1500, honorariaCents: 300_000, reportCents: 250_000, totalCents: 550_000,
    });
  });

  it('reads amounts as a French or English reader types them', () => {
    expect(estimateCost({ sampleSize: ' 150 ', honorarium: '12,50' }, PRICE)?.honorariaCents).toBe(187_500);
    expect(estimateCost({ sampleSize: '150', honorarium: '12.50 €' }, PRICE)?.totalCents).toBe(187_500 + 225_000);
    expect(estimateCost({ sampleSize: '10', honorarium: '0' }, PRICE)?.totalCents).toBe(155_000);
  });

  it('says nothing until both are amounts the API would take', () => {
    for (const typed of [
      { sampleSize: '', honorarium: '15' },
      { sampleSize: '200', honorarium: '' },
      { sampleSize: '0', honorarium: '15' },
      { sampleSize: '2.5', honorarium: '15' },
      { sampleSize: '100001', honorarium: '15' },
      { sampleSize: '200', honorarium: 'quinze' },
      { sampleSize: '200', honorarium: '1000.01' },
    ]) {
      expect(estimateCost(typed, PRICE), JSON.stringify(typed)).toBeNull();
    }
  });
});
