/**
 * Quotas: "at most 50 cardiologists, at most 30 in Belgium". A quota cell names a specialty, a
 * country, a years band, or a combination (a part left out means any), and caps the answers in
 * it. An answer carries only its key label (keys.ts), which withholds ("*") a part where the
 * segment was below k when the survey opened; such an answer may be in a cell or not, and counts
 * in every cell it may be in — so a quota is never overshot, and may fill early by the answers of
 * coarse labels (docs/quotas.md). The count is raised by the answer's own statement (responses.ts).
 */
import { isSpecialtyCode, Prisma, queryRows, YEAR_BANDS, type Db } from '@consilium/db';
import { ANY } from '@consilium/db/segment-groups';
import { isCountryCode } from './authoring.ts';

export interface QuotaArgs {
  specialty?: string | null;
  country?: string | null;
  yearsBand?: string | null;
  maxAnswers: number;
}

export const MAX_QUOTAS = 50;

/** A cell as a segment label: "cardiology|BE|*". */
export function cellLabel(q: QuotaArgs): string {
  return `${q.specialty ?? ANY}|${q.country ?? ANY}|${q.yearsBand ?? ANY}`;
}

export interface QuotaProblem {
  field: string;
  message: string;
  reason: 'invalid' | 'out_of_range';
}

/**
 * The first problem of a list of quotas, naming its cell: a cell must name at least one known
 * part, appear once, and allow at least k answers (a full cell shows its count, which must not
 * describe fewer than k physicians) and at most the sample size.
 */
export function quotaProblem(quotas: readonly QuotaArgs[], k: number, sampleSize: number): QuotaProblem | null {
  if (quotas.length > MAX_QUOTAS) return { field: 'quotas', message: `quotas: at most ${MAX_QUOTAS} cells`, reason: 'out_of_range' };
  const seen = new Set<string>();
  for (const [i, q] of quotas.entries()) {
    const at = `quotas.${i}`;
    const cell = cellLabel(q);
    if (!q.specialty && !q.country && !q.yearsBand) return { field: at, message: `${at}: a quota cell names a specialty, a country or a years band`, reason: 'invalid' };
    if (q.specialty && !isSpecialtyCode(q.specialty)) return { field: `${at}.specialty`, message: `${at} (${cell}): "${q.specialty.slice(0, 64)}" is not a known specialty code`, reason: 'invalid' };
    if (q.country && !isCountryCode(q.country)) return { field: `${at}.country`, message: `${at} (${cell}): "${q.country.slice(0, 8)}" is not an ISO 3166-1 alpha-2 country code`, reason: 'invalid' };
    if (q.yearsBand && !YEAR_BANDS.some((b) => b.label === q.yearsBand)) {
      return { field: `${at}.yearsBand`, message: `${at} (${cell}): the years band is one of ${YEAR_BANDS.map((b) => b.label).join(', ')}`, reason: 'invalid' };
    }
    if (!Number.isInteger(q.maxAnswers) || q.maxAnswers < k || q.maxAnswers > sampleSize) {
      return { field: `${at}.maxAnswers`, message: `${at} (${cell}): maxAnswers must be from k (${k}) to the sample size (${sampleSize})`, reason: 'out_of_range' };
    }
    if (seen.has(cell)) return { field: at, message: `${at} (${cell}): this cell is already in the list`, reason: 'invalid' };
    seen.add(cell);
  }
  return null;
}

/** The quotas as rows of a survey (positions in the client's order). */
export function quotaRows(quotas: readonly QuotaArgs[]) {
  return quotas.map((q, position) => ({
    position, specialty: q.specialty ?? null, country: q.country ?? null, yearsBand: q.yearsBand ?? null, maxAnswers: q.maxAnswers,
  }));
}

/** Normalised as the builder sends them: trimmed, country upper-cased, empty parts dropped. */
export function normaliseQuota(q: QuotaArgs): QuotaArgs {
  const part = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
  return { specialty: part(q.specialty), country: part(q.country)?.toUpperCase() ?? null, yearsBand: part(q.yearsBand), maxAnswers: q.maxAnswers };
}

/**
 * The SQL condition "this quota row may hold an answer of `label`": each part the cell names is
 * the label's part, or withheld in the label.
 */
export function quotaMayHold(label: string | Prisma.Sql, alias = 'q'): Prisma.Sql {
  const l = typeof label === 'string' ? Prisma.sql`${label}::text` : label;
  const part = (column: string, n: number) =>
    Prisma.sql`(${Prisma.raw(`${alias}.${column}`)} IS NULL OR split_part(${l}, '|', ${n}::int) IN (${Prisma.raw(`${alias}.${column}`)}, '*'))`;
  return Prisma.sql`${part('specialty', 1)} AND ${part('country', 2)} AND ${part('years_band', 3)}`;
}

/** `quotaMayHold` in JavaScript, for a survey's cells already read. */
export function cellMayHold(cell: { specialty: string | null; country: string | null; yearsBand: string | null }, label: string): boolean {
  const [specialty, country, band] = label.split('|');
  const fits = (part: string | null, value: string | undefined) => part === null || value === ANY || value === part;
  return fits(cell.specialty, specialty) && fits(cell.country, country) && fits(cell.yearsBand, band);
}

/** Whether a cell that an answer of `label` may fall in is full (a token under it would be refused). */
export async function quotaFullFor(db: Db, surveyId: string, label: string): Promise<boolean> {
  const rows = await queryRows(db, Prisma.sql`
    SELECT 1 FROM survey_quota q WHERE q.survey_id = ${surveyId}::uuid AND q.taken >= q.max_answers AND ${quotaMayHold(label)} LIMIT 1`, { prepared: true });
  return rows.length > 0;
}

/**
 * What a client is told of a cell's fill: below k, nothing but "fewer than k" (0 shown); from k
 * on, rounded down to a multiple of k; a full cell shows its maximum (at least k by validation).
 */
export function shownFill(taken: number, maxAnswers: number, k: number): { shown: number; belowK: boolean; full: boolean } {
  if (taken >= maxAnswers) return { shown: maxAnswers, belowK: false, full: true };
  if (taken < k) return { shown: 0, belowK: true, full: false };
  return { shown: Math.floor(taken / k) * k, belowK: false, full: false };
}
