import { describe, expect, it } from 'vitest';
import {
  dueReceipts,
  markSubmitted,
  nextRedeemAt,
  readReceipt,
  readSurveySession,
  receiptsOf,
  REDEEM_DELAY_MAX,
  REDEEM_DELAY_MIN,
  redeemTime,
  removeReceipt,
  saveReceipt,
  secureRandom,
  writeSurveySession,
  type StoredReceipt,
} from './storage.ts';
import { memoryStore } from './testing.ts';

const token = { message: 'bWVzc2FnZQ', signature: 'c2lnbmF0dXJl' };
const receipt = (patch: Partial<StoredReceipt> = {}): StoredReceipt => ({
  surveyId: 's1',
  owner: 'me',
  receipt: token,
  amountCents: 1500,
  redeemAt: 1_000,
  ...patch,
});

describe('survey session (sessionStorage)', () => {
  it('keeps the token, the segment and the drafts of a survey, by survey id', () => {
    const store = memoryStore();
    const drafts = { q1: { choiceIds: ['a'], number: '', text: '' } };
    writeSurveySession(store, 's1', { segment: 'cardiology|FR|10-19', token, drafts, submitted: false });
    expect(readSurveySession(store, 's1')).toEqual({ segment: 'cardiology|FR|10-19', token, drafts, submitted: false });
    expect(readSurveySession(store, 's2')).toBeNull();
  });

  it('forgets the answers once sent, keeping that they were', () => {
    const store = memoryStore();
    const session = { segment: 'x', token, drafts: { q1: { choiceIds: ['a'], number: '', text: '' } }, submitted: false };
    markSubmitted(store, 's1', session);
    expect(readSurveySession(store, 's1')).toMatchObject({ drafts: {}, submitted: true });
  });

  it('ignores what it cannot read', () => {
    const store = memoryStore();
    store.setItem('consilium:survey:s1', '{not json');
    store.setItem('consilium:survey:s2', JSON.stringify({ segment: 'x', token: { message: 1 } }));
    expect(readSurveySession(store, 's1')).toBeNull();
    expect(readSurveySession(store, 's2')).toBeNull();
  });
});

describe('redeemTime', () => {
  it('waits between 10 minutes and 6 hours', () => {
    expect(redeemTime(0, () => 0)).toBe(REDEEM_DELAY_MIN);
    expect(redeemTime(0, () => 0.999999)).toBeLessThanOrEqual(REDEEM_DELAY_MAX);
    expect(redeemTime(0, () => 0.999999)).toBeGreaterThan(REDEEM_DELAY_MAX - 60_000);
    expect(REDEEM_DELAY_MIN).toBe(10 * 60_000);
    expect(REDEEM_DELAY_MAX).toBe(6 * 3_600_000);
    for (let i = 0; i < 100; i++) {
      const at = redeemTime(5_000);
      expect(at).toBeGreaterThanOrEqual(5_000 + REDEEM_DELAY_MIN);
      expect(at).toBeLessThan(5_000 + REDEEM_DELAY_MAX);
    }
  });

  it('draws from the cryptographic generator, in [0, 1)', () => {
    const draws = Array.from({ length: 200 }, secureRandom);
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(190);
  });
});

describe('receipts (localStorage)', () => {
  it('keeps one receipt per survey and lists an owner’s, soonest first', () => {
    const store = memoryStore();
    saveReceipt(store, receipt({ surveyId: 's1', redeemAt: 3_000 }));
    saveReceipt(store, receipt({ surveyId: 's2', redeemAt: 2_000 }));
    saveReceipt(store, receipt({ surveyId: 's3', owner: 'someone else', redeemAt: 1 }));
    store.setItem('unrelated', 'x');
    expect(receiptsOf(store, 'me').map((r) => r.surveyId)).toEqual(['s2', 's1']);
    expect(readReceipt(store, 's3')?.owner).toBe('someone else');
    expect(nextRedeemAt(store, 'me')).toBe(2_000);
    expect(nextRedeemAt(store, 'nobody')).toBeNull();
  });

  it('tells which are due, and forgets a redeemed one', () => {
    const store = memoryStore();
    saveReceipt(store, receipt({ surveyId: 's1', redeemAt: 3_000 }));
    saveReceipt(store, receipt({ surveyId: 's2', redeemAt: 2_000 }));
    expect(dueReceipts(store, 'me', 2_500).map((r) => r.surveyId)).toEqual(['s2']);
    expect(dueReceipts(store, 'me', 3_000).map((r) => r.surveyId)).toEqual(['s2', 's1']);
    expect(dueReceipts(store, 'someone else', 9_000)).toEqual([]);
    removeReceipt(store, 's2');
    expect(dueReceipts(store, 'me', 9_000).map((r) => r.surveyId)).toEqual(['s1']);
  });

  it('skips a damaged entry', () => {
    const store = memoryStore();
    store.setItem('consilium:receipt:bad', '[]');
    store.setItem('consilium:receipt:worse', '{');
    saveReceipt(store, receipt());
    expect(receiptsOf(store, 'me')).toHaveLength(1);
  });
});
