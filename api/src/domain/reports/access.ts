/**
 * Who may read a report: admins always; a client of the owning organisation once an order of
 * the survey is PAID. The CSV and XLSX exports are served without a session through a signed, expiring
 * link handed only to those who may read the report: the signature is the credential.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '@consilium/db';
import type { Viewer } from '../sessions.ts';

export type ReportAccess = 'read' | 'forbidden' | 'not_found';

/** 'not_found' for an unknown survey, or another organisation's (its existence is not told). */
export async function reportAccess(db: Db, viewer: Viewer, surveyId: string): Promise<ReportAccess> {
  const survey = await db.survey.findUnique({ where: { id: surveyId }, select: { organizationId: true } });
  if (!survey) return 'not_found';
  if (viewer.role === 'ADMIN') return 'read';
  if (viewer.role !== 'CLIENT' || survey.organizationId !== viewer.organizationId) return 'not_found';
  const paid = await db.reportOrder.count({ where: { surveyId, status: 'PAID' } });
  return paid > 0 ? 'read' : 'forbidden';
}

/**
 * The report files behind a signed link; a link signs one format (a CSV link opens no workbook,
 * a PDF link no respondent-level file). The PDFs and the respondent-level file are built by the worker.
 */
export type ReportFormat = 'csv' | 'xlsx' | 'fr.pdf' | 'en.pdf' | 'respondents.zip';

/** The stored file (`report_file.name`) behind a worker-built format. */
export const STORED_FILE = { 'fr.pdf': 'report-fr.pdf', 'en.pdf': 'report-en.pdf', 'respondents.zip': 'respondents.zip' } as const;

function signature(secret: string, surveyId: string, expires: number, format: ReportFormat): string {
  return createHmac('sha256', secret).update(`report-${format}\n${surveyId}\n${expires}`).digest('hex');
}

/** "/reports/<surveyId>.csv?expires=<unix s>&sig=<hex>" (or .xlsx). */
export function signedCsvUrl(secret: string, ttlMinutes: number, surveyId: string, now = Date.now(), format: ReportFormat = 'csv'): string {
  const expires = Math.floor(now / 1000) + ttlMinutes * 60;
  return `/reports/${surveyId}.${format}?expires=${expires}&sig=${signature(secret, surveyId, expires, format)}`;
}

/**
 * Whether a link's signature is ours, under any of `secrets`, and its time has not passed. During
 * a rotation the secrets are the new one and the previous one (REPORT_LINK_SECRET_PREVIOUS), so
 * that links handed out before it keep working until they expire (docs/operations.md).
 */
export function verifyCsvLink(
  secrets: ReadonlyArray<string | undefined>,
  surveyId: string,
  expires: string | undefined,
  sig: string | undefined,
  now = Date.now(),
  format: ReportFormat = 'csv',
): boolean {
  if (!expires || !/^\d{1,12}$/.test(expires) || !sig || !/^[0-9a-f]{64}$/.test(sig)) return false;
  const given = Buffer.from(sig, 'hex');
  const signed = secrets.some((secret) => secret !== undefined && timingSafeEqual(Buffer.from(signature(secret, surveyId, Number(expires), format), 'hex'), given));
  return signed && Number(expires) * 1000 > now;
}
