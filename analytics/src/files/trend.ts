/**
 * The hook between waves and the PDF (issue 17, point 4): the trend of the series a survey
 * belongs to, one `TrendSeries` per figure followed across its waves (each wave's estimate and
 * 95% interval, null where that wave's figure is withheld — suppression applies per wave).
 * `reportPdf` draws whatever this returns after the questions. Until surveys run in waves, a survey
 * is alone in its series and there is no trend: null.
 */
import type { Db } from '@consilium/db';
import type { ReportTrend } from './report-pdf.ts';

export async function surveyTrend(_db: Db, _surveyId: string): Promise<ReportTrend | null> {
  return null;
}
