/**
 * What the physician's browser keeps between page loads. The server never sees any of it:
 *
 * - per browser and account (`localStorage`, shared by every tab and kept across restarts), the
 *   surveys opened and not yet answered: the finalized eligibility token, the key label it was
 *   signed for, the resume code that opens the server's sealed copy of it on another device, and
 *   the answers typed so far. Once the answers are accepted, all of it goes; only "answered"
 *   stays. The token cannot be asked for twice (the API refuses a second one).
 * - per browser (`localStorage`), the completion receipts waiting to be redeemed, each with
 *   the time chosen, at random, to redeem it, and the account it belongs to.
 */
import type { Token } from '@consilium/api/blind-client';
import type { AnswerDrafts } from './answers.ts';

/** The part of the Web Storage API used here (a `Map` stands in for it in tests). */
export interface KeyValueStore {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const SURVEY_PREFIX = 'consilium:survey:';
const RECEIPT_PREFIX = 'consilium:receipt:';

/** A survey opened and not yet answered in this browser. */
export interface SurveySession {
  segment: string;
  token: Token;
  drafts: AnswerDrafts;
  /** The code that opens the server's sealed copy of the token elsewhere (null: opened without one). */
  resumeCode: string | null;
}

/** What this browser knows of one survey of one account. */
export type SurveyState = { answered: false; session: SurveySession } | { answered: true };

/** The key of an account's survey: two accounts signed in on one browser each keep their own. */
export const surveyKey = (owner: string, surveyId: string) => `${SURVEY_PREFIX}${owner}:${surveyId}`;
/** A completion receipt waiting to be redeemed. */
export interface StoredReceipt {
  surveyId: string;
  /** The account that answered: another account signed in on this browser must not redeem it. */
  owner: string;
  receipt: Token;
  amountCents: number;
  /** When to redeem it (ms since the epoch). */
  redeemAt: number;
}

const MINUTE = 60_000;
/** Redeeming waits at random within this window, so that a credit's time says little of the answer's. */
export const REDEEM_DELAY_MIN = 10 * MINUTE;
export const REDEEM_DELAY_MAX = 6 * 60 * MINUTE;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isToken(value: unknown): value is Token {
  return isObject(value) && typeof value.message === 'string' && typeof value.signature === 'string';
}

function read(store: KeyValueStore, key: string): unknown {
  try {
    return JSON.parse(store.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

/** What `owner` left of `surveyId` in this browser: the open session, "answered", or nothing. */
export function readSurvey(store: KeyValueStore, owner: string, surveyId: string): SurveyState | null {
  return parseSurvey(read(store, surveyKey(owner, surveyId)));
}

/** The same, from a stored value (a `storage` event from another tab brings one). */
export function parseSurvey(value: unknown): SurveyState | null {
  if (!isObject(value)) return null;
  if (value.answered === true) return { answered: true };
  if (typeof value.segment !== 'string' || !isToken(value.token)) return null;
  const session: SurveySession = {
    segment: value.segment,
    token: value.token,
    drafts: isObject(value.drafts) ? (value.drafts as AnswerDrafts) : {},
    resumeCode: typeof value.resumeCode === 'string' ? value.resumeCode : null,
  };
  return { answered: false, session };
}

/** The open session of `owner`'s survey, or null (none, or answered). */
export function readSurveySession(store: KeyValueStore, owner: string, surveyId: string): SurveySession | null {
  const state = readSurvey(store, owner, surveyId);
  return state && !state.answered ? state.session : null;
}

export function writeSurveySession(store: KeyValueStore, owner: string, surveyId: string, session: SurveySession): void {
  store.setItem(surveyKey(owner, surveyId), JSON.stringify(session));
}

/** After the answers were accepted: the token, the code and the answers go; only "answered" is kept. */
export function markAnswered(store: KeyValueStore, owner: string, surveyId: string): void {
  store.setItem(surveyKey(owner, surveyId), JSON.stringify({ answered: true }));
}

/**
 * A survey kept by a tab before tokens were kept per browser (`sessionStorage`, by survey id):
 * moved into `target`, unless the browser already has one. The tab's copy goes either way.
 */
export function adoptTabSession(tab: KeyValueStore, target: KeyValueStore, owner: string, surveyId: string): void {
  const key = SURVEY_PREFIX + surveyId;
  const value = read(tab, key);
  if (value === null) return;
  tab.removeItem(key);
  if (readSurvey(target, owner, surveyId)) return;
  if (isObject(value) && value.submitted === true) return markAnswered(target, owner, surveyId);
  const state = parseSurvey(value);
  if (state && !state.answered) writeSurveySession(target, owner, surveyId, state.session);
}

/** A random time to redeem a receipt obtained at `now`, between 10 minutes and 6 hours later. */
export function redeemTime(now: number, random: () => number = secureRandom): number {
  return now + REDEEM_DELAY_MIN + Math.floor(random() * (REDEEM_DELAY_MAX - REDEEM_DELAY_MIN));
}

/** A uniform number in [0, 1) from the platform's cryptographic generator. */
export function secureRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}

export function saveReceipt(store: KeyValueStore, receipt: StoredReceipt): void {
  store.setItem(RECEIPT_PREFIX + receipt.surveyId, JSON.stringify(receipt));
}

export function removeReceipt(store: KeyValueStore, surveyId: string): void {
  store.removeItem(RECEIPT_PREFIX + surveyId);
}

function parseReceipt(value: unknown): StoredReceipt | null {
  if (!isObject(value) || !isToken(value.receipt)) return null;
  const { surveyId, owner, amountCents, redeemAt } = value;
  if (typeof surveyId !== 'string' || typeof owner !== 'string' || typeof redeemAt !== 'number') return null;
  return { surveyId, owner, receipt: value.receipt, amountCents: typeof amountCents === 'number' ? amountCents : 0, redeemAt };
}

export function readReceipt(store: KeyValueStore, surveyId: string): StoredReceipt | null {
  return parseReceipt(read(store, RECEIPT_PREFIX + surveyId));
}

/** The receipts of `owner` kept in this browser, soonest first. */
export function receiptsOf(store: KeyValueStore, owner: string): StoredReceipt[] {
  const found: StoredReceipt[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (!key?.startsWith(RECEIPT_PREFIX)) continue;
    const receipt = parseReceipt(read(store, key));
    if (receipt?.owner === owner) found.push(receipt);
  }
  return found.sort((a, b) => a.redeemAt - b.redeemAt);
}

/** The receipts of `owner` whose time has come. */
export function dueReceipts(store: KeyValueStore, owner: string, now: number): StoredReceipt[] {
  return receiptsOf(store, owner).filter((r) => r.redeemAt <= now);
}

/** When the next receipt of `owner` falls due, or null when none is waiting. */
export function nextRedeemAt(store: KeyValueStore, owner: string): number | null {
  return receiptsOf(store, owner)[0]?.redeemAt ?? null;
}
