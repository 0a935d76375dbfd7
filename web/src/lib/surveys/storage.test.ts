import { describe, expect, it } from 'vitest';
import {
  adoptTabSession,
  dueReceipts,
  markAnswered,
  nextRedeemAt,
  parseSurvey,
  readReceipt,
  readSurvey,
  readSurveySession,
  receiptsOf,
  REDEEM_DELAY_MAX,
  REDEEM_DELAY_MIN,
  redeemTime,
  removeReceipt,
  saveReceipt,
  secureRandom,
  surveyKey,
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

describe('opened surveys (localStorage, every tab of the browser)', () => {
  const drafts = { q1: { choiceIds: ['a'], number: '', text: '' } };
  const session = { segment: 'cardiology|FR|10-19', token, drafts, resumeCode: '7KQ2M9XD0R4THV8BE1CZ' };

  it('keeps the token, the label, the resume code and the drafts of a survey, per account', () => {
    const store = memoryStore();
    writeSurveySession(store, 'me', 's1', session);
    expect(readSurveySession(store, 'me', 's1')).toEqual(session);
    expect(readSurvey(store, 'me', 's1')).toEqual({ answered: false, session });
    expect(readSurveySession(store, 'me', 's2')).toBeNull();
    // Another account signed in on the same browser does not get this one's token.
    expect(readSurveySession(store, 'someone else', 's1')).toBeNull();
  });

  it('forgets the token, the code and the answers once they are accepted, keeping that they were', () => {
    const store = memoryStore();
    writeSurveySession(store, 'me', 's1', session);
    markAnswered(store, 'me', 's1');
    expect(readSurvey(store, 'me', 's1')).toEqual({ answered: true });
    expect(readSurveySession(store, 'me', 's1')).toBeNull();
    const raw = store.getItem(surveyKey('me', 's1'))!;
    for (const secret of [token.message, token.signature, session.resumeCode, 'cardiology']) expect(raw).not.toContain(secret);
  });

  it('reads what another tab wrote, and a session kept without a resume code', () => {
    expect(parseSurvey({ segment: 'x', token, drafts: {} })).toEqual({ answered: false, session: { segment: 'x', token, drafts: {}, resumeCode: null } });
    expect(parseSurvey({ answered: true })).toEqual({ answered: true });
    expect(parseSurvey(null)).toBeNull();
  });

  it('moves a survey a tab kept before (sessionStorage) into the browser, unless the browser has one', () => {
    const [tab, browser] = [memoryStore(), memoryStore()];
    tab.setItem('consilium:survey:s1', JSON.stringify({ segment: 'x', token, drafts, submitted: false }));
    tab.setItem('consilium:survey:s2', JSON.stringify({ segment: 'x', token, drafts: {}, submitted: true }));
    tab.setItem('consilium:survey:s3', JSON.stringify({ segment: 'old', token, drafts: {}, submitted: false }));
    writeSurveySession(browser, 'me', 's3', session);
    for (const id of ['s1', 's2', 's3', 's4']) adoptTabSession(tab, browser, 'me', id);
    expect(readSurvey(browser, 'me', 's1')).toEqual({ answered: false, session: { segment: 'x', token, drafts, resumeCode: null } });
    expect(readSurvey(browser, 'me', 's2')).toEqual({ answered: true });
    expect(readSurveySession(browser, 'me', 's3')).toEqual(session);
    expect(readSurvey(browser, 'me', 's4')).toBeNull();
    expect(tab.length).toBe(0);
  });

  it('ignores what it cannot read', () => {
    const store = memoryStore();
    store.setItem(surveyKey('me', 's1'), '{not json');
    store.setItem(surveyKey('me', 's2'), JSON.stringify({ segment: 'x', token: { message: 1 } }));
    expect(readSurvey(store, 'me', 's1')).toBeNull();
    expect(readSurvey(store, 'me', 's2')).toBeNull();
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
