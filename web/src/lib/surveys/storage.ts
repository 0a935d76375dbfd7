/**
 * What the physician's browser keeps between page loads. The server never sees any of it:
 *
 * - per tab (`sessionStorage`), the survey being answered: the finalized eligibility token,
 *   the segment it was signed for, the answers typed so far, and whether they were sent. A
 *   reload keeps them; the token cannot be asked for twice (the API refuses a second one).
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

/** A survey being answered in this tab. */
export interface SurveySession {
  segment: string;
  token: Token;
  drafts: AnswerDrafts;
  /** The answers went through; the token is spent. */
  submitted: boolean;
}

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

export function readSurveySession(store: KeyValueStore, surveyId: string): SurveySession | null {
  const value = read(store, SURVEY_PREFIX + surveyId);
  if (!isObject(value) || typeof value.segment !== 'string' || !isToken(value.token)) return null;
  return {
    segment: value.segment,
    token: value.token,
    drafts: isObject(value.drafts) ? (value.drafts as AnswerDrafts) : {},
    submitted: value.submitted === true,
  };
}

export function writeSurveySession(store: KeyValueStore, surveyId: string, session: SurveySession): void {
  store.setItem(SURVEY_PREFIX + surveyId, JSON.stringify(session));
}

/** After sending: the token and the answers are of no more use; only "sent" is kept. */
export function markSubmitted(store: KeyValueStore, surveyId: string, session: SurveySession): void {
  writeSurveySession(store, surveyId, { ...session, drafts: {}, submitted: true });
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
