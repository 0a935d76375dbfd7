/**
 * Repeating surveys (docs/waves.md). A client makes its DRAFT survey wave 1 of a series; the
 * admin's approval of wave 1 approves the series (lifecycle.ts starts its schedule); the worker
 * opens each later wave as a copy of the one before. A wave is a survey: its tokens, answers,
 * quotas and report are its own, and nothing ties a physician's answers of two waves together.
 */
import type { Prisma, WaveCadence } from '@consilium/db';
import type { ReportResult } from '@consilium/jobs/report-result';
import { waveTrend, type WaveTrend } from '@consilium/jobs/wave-trend';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { ownSurveys } from './authoring.ts';

export const MIN_WAVES = 2;
export const MAX_WAVES = 104;

/** The series a viewer may read: a client's organisation's, or any for staff. */
export function readableSeries(ctx: Context): Prisma.SurveySeriesWhereInput | null {
  if (ctx.viewer?.role === 'ADMIN') return {};
  if (ctx.viewer?.role === 'CLIENT' && ctx.viewer.organizationId) return { organizationId: ctx.viewer.organizationId };
  return null;
}

/**
 * Makes the client's DRAFT survey wave 1 of a new series (`cadence`, `waves` in all), changes the
 * schedule of its series while it is still a draft, or (cadence null) makes it a one-off again.
 */
export async function setSurveyRepeat(ctx: Context, surveyId: string, cadence: WaveCadence | null, waves: number | null): Promise<void> {
  if (cadence && (waves === null || waves < MIN_WAVES || waves > MAX_WAVES)) {
    throw badInput('waves', 'out_of_range', `waves must be from ${MIN_WAVES} to ${MAX_WAVES} for a repeating survey.`);
  }
  await ctx.db.$transaction(async (tx) => {
    const [survey] = await tx.$queryRaw<Array<{ status: string; series_id: string | null; wave_number: number | null }>>`
      SELECT status, series_id, wave_number FROM survey
      WHERE id = ${surveyId}::uuid AND organization_id = ${ownSurveys(ctx).organizationId}::uuid FOR UPDATE`;
    if (!survey) throw badInput('surveyId', 'not_found', 'No survey has this id.');
    if (survey.status !== 'DRAFT' || (survey.wave_number ?? 1) !== 1) {
      throw badInput('surveyId', 'wrong_state', `This survey is ${survey.status.toLowerCase()}: only a draft's repetition can be set.`);
    }
    if (survey.series_id && cadence) {
      await tx.surveySeries.update({ where: { id: survey.series_id }, data: { cadence, waveLimit: waves! } });
    } else if (survey.series_id) {
      await tx.survey.update({ where: { id: surveyId }, data: { seriesId: null, waveNumber: null } });
      await tx.surveySeries.delete({ where: { id: survey.series_id } });
    } else if (cadence) {
      const series = await tx.surveySeries.create({ data: { organizationId: ownSurveys(ctx).organizationId, cadence, waveLimit: waves! } });
      await tx.survey.update({ where: { id: surveyId }, data: { seriesId: series.id, waveNumber: 1 } });
    }
  });
}

/** The client (or an admin) stops an active series: the open wave runs to its end, no other opens. */
export async function stopSeries(ctx: Context, seriesId: string): Promise<void> {
  const where = readableSeries(ctx);
  const { count } = await ctx.db.surveySeries.updateMany({ where: { AND: [{ id: seriesId, status: 'ACTIVE' }, where ?? { id: '' }] }, data: { status: 'ENDED', nextWaveAt: null } });
  if (count === 1) return;
  const found = await ctx.db.surveySeries.findFirst({ where: { AND: [{ id: seriesId }, where ?? { id: '' }] }, select: { status: true } });
  if (!found) throw badInput('id', 'not_found', 'No series has this id.');
  throw badInput('id', 'wrong_state', `This series is ${found.status.toLowerCase()}, not active: it cannot be stopped.`);
}

/**
 * The series' trend, from the built reports the viewer may read: an admin's every READY report, a
 * client's those of the waves it has a paid order for (as `reportAccess`); another wave is a gap.
 */
export async function seriesTrend(ctx: Context, seriesId: string): Promise<WaveTrend> {
  const admin = ctx.viewer?.role === 'ADMIN';
  const waves = await ctx.db.survey.findMany({
    where: { seriesId },
    orderBy: { waveNumber: 'asc' },
    select: {
      waveNumber: true, openedAt: true, closesAt: true,
      report: { select: { status: true, result: true } },
      orders: { where: { status: 'PAID' }, select: { id: true }, take: 1 },
    },
  });
  return waveTrend(waves.map((w) => ({
    waveNumber: w.waveNumber ?? 0,
    opensAt: w.openedAt,
    closesAt: w.closesAt,
    result: w.report?.status === 'READY' && w.report.result && (admin || w.orders.length > 0) ? (w.report.result as unknown as ReportResult) : null,
  })));
}
