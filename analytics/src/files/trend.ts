/**
 * The hook between waves and the PDF (issue 17, point 4): the trend of the series a survey
 * belongs to, one `TrendSeries` per figure followed across its waves up to this one (each wave's
 * estimate and 95% interval, null where that wave's figure is withheld — suppression applies per
 * wave). The figures are `waveTrend`'s (@consilium/jobs/wave-trend), the same the API serves:
 * taken from the waves' READY reports whose client has a paid order, as `seriesTrend` gives a
 * client. A one-off survey, or a first wave alone, has no trend: null. Each wave's figures are
 * labelled in `lang` from that wave's own texts (`localiseReport`, docs/survey-languages.md), as
 * the rest of the PDF is.
 */
import type { Db } from '@consilium/db';
import { SURVEY_TEXTS_SELECT, type SurveyLanguage } from '@consilium/db/survey-text';
import { localiseReport } from '@consilium/jobs/report-language';
import type { ReportResult } from '@consilium/jobs/report-result';
import { waveTrend } from '@consilium/jobs/wave-trend';
import type { ReportTrend } from './report-pdf.ts';

export async function surveyTrend(db: Db, surveyId: string, lang: SurveyLanguage): Promise<ReportTrend | null> {
  const survey = await db.survey.findUnique({ where: { id: surveyId }, select: { seriesId: true, waveNumber: true } });
  if (!survey?.seriesId || survey.waveNumber === null) return null;
  const waves = await db.survey.findMany({
    where: { seriesId: survey.seriesId, waveNumber: { lte: survey.waveNumber } },
    orderBy: { waveNumber: 'asc' },
    select: { ...SURVEY_TEXTS_SELECT, waveNumber: true, openedAt: true, closesAt: true, report: { select: { status: true, result: true } }, orders: { where: { status: 'PAID' }, select: { id: true }, take: 1 } },
  });
  if (waves.length < 2) return null;
  const trend = waveTrend(waves.map((w) => ({
    waveNumber: w.waveNumber ?? 0,
    opensAt: w.openedAt,
    closesAt: w.closesAt,
    result: w.report?.status === 'READY' && w.report.result && w.orders.length > 0 ? localiseReport(w.report.result as unknown as ReportResult, w, lang).result : null,
  })));
  const series = trend.questions.flatMap((q) => q.figures.map((figure) => ({
    label: figure.kind === 'MEAN' ? q.prompt : `${q.prompt} — ${figure.label}`,
    unit: figure.kind === 'MEAN' ? '' : '%',
    points: figure.points.map((p) => {
      const scale = figure.kind === 'SHARE' ? 100 : 1;
      const at = (v: number | null) => (v === null ? null : v * scale);
      return { wave: `W${p.waveNumber}`, estimate: at(p.value), ciLow: at(p.ciLow), ciHigh: at(p.ciHigh) };
    }),
  })));
  return series.length > 0 ? { series } : null;
}
