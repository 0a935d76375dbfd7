import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/harness.ts';
import { closedSurvey, type SegmentSpec } from '../test/reports.ts';
import { buildReport } from '../jobs/reports-build.ts';
import { surveyTrend } from './trend.ts';

const t = useTestDatabase();

/** Wilson's 95% interval of x out of n, in percent. */
function wilson(x: number, n: number): [number, number] {
  const z = 1.959964, p = x / n, d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d, half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [100 * (centre - half), 100 * (centre + half)];
}

/** A wave of one series: a closed survey (French, with its English texts), its report built or not, paid for or not. */
async function wave(seriesId: string, waveNumber: number, spec: SegmentSpec[], opts: { built: boolean; paid: boolean }) {
  const survey = await closedSurvey(t.db, spec);
  await t.db.survey.update({ where: { id: survey.id }, data: { seriesId, waveNumber, language: 'fr', titleTranslation: 'Winter prescribing (EN)' } });
  for (const q of survey.questions) {
    await t.db.surveyQuestion.update({ where: { id: q.id }, data: { promptTranslation: q.kind === 'NUMBER' ? 'How many, in English?' : 'Which one, in English?' } });
    for (const c of q.choices) await t.db.surveyChoice.update({ where: { id: c.id }, data: { labelTranslation: `Choice ${c.label}` } });
  }
  if (opts.built) expect(await buildReport(t.db, survey.id)).toMatchObject({ built: true });
  if (opts.paid) {
    await t.db.reportOrder.create({
      data: {
        surveyId: survey.id, organizationId: survey.organizationId, amountCents: 1000, baseFeeCents: 1000, perRespondentCents: 0, respondents: 40,
        invoiceNumber: `CONS-2026-${String(Math.random()).slice(2, 8)}`, buyerName: 'Agence', totalCents: 1000, dueAt: new Date(), status: 'PAID', paidAt: new Date(),
      },
    });
  }
  return survey;
}

describe('surveyTrend (the PDF trend of a wave)', () => {
  it('gives each paid, built wave its figures and intervals, withheld figures and unread waves as gaps, in the PDF language', async () => {
    const org = await t.db.organization.create({ data: { name: 'Réseau', type: 'PUBLIC_AGENCY' } });
    const series = await t.db.surveySeries.create({ data: { organizationId: org.id, cadence: 'WEEKLY', waveLimit: 5, status: 'ACTIVE' } });
    const seg = 'cardiology|FR|0-9';
    // Wave 1: A 20, B 15, C 5 — C is below k, and B is hidden with it (complementary suppression). Numbers: 25 × 10, 15 × 20.
    const w1 = await wave(series.id, 1, [[seg, 12, 8, 5, 10], [seg, 8, 7, 0, 20]], { built: true, paid: true });
    await wave(series.id, 2, [[seg, 12, 14, 14, 30]], { built: true, paid: false });
    await wave(series.id, 3, [[seg, 12, 14, 14, 30]], { built: false, paid: true });
    // Wave 4: A 30, B 11, C 11, every answer 40.
    const w4 = await wave(series.id, 4, [[seg, 30, 11, 11, 40]], { built: true, paid: true });
    await wave(series.id, 5, [[seg, 40, 0, 0, 50]], { built: true, paid: true });

    const en = (await surveyTrend(t.db, w4.id, 'en'))!;
    expect(en.series.map((s) => s.label)).toEqual(['Which one, in English? — Choice A', 'Which one, in English? — Choice B', 'Which one, in English? — Choice C', 'How many, in English?']);
    const [a, b, c, mean] = en.series;
    // Waves after this one are not drawn; wave 2 (not paid) and wave 3 (not built) are gaps.
    expect(a!.points.map((p) => p.wave)).toEqual(['W1', 'W2', 'W3', 'W4']);
    for (const s of en.series) expect([s.points[1]!.estimate, s.points[2]!.estimate]).toEqual([null, null]);
    expect(a!.points[0]!.estimate).toBeCloseTo(50, 9);
    expect(a!.points[0]!.ciLow).toBeCloseTo(wilson(20, 40)[0], 4);
    expect(a!.points[0]!.ciHigh).toBeCloseTo(wilson(20, 40)[1], 4);
    // Suppression per wave: wave 1 withholds B and C, wave 4 publishes them.
    expect([b!.points[0]!.estimate, c!.points[0]!.estimate]).toEqual([null, null]);
    expect(b!.points[3]!.estimate).toBeCloseTo((100 * 11) / 52, 9);
    expect([b!.points[3]!.ciLow, b!.points[3]!.ciHigh].map((v) => v!.toFixed(4))).toEqual(wilson(11, 52).map((v) => v.toFixed(4)));
    expect(a!.points[3]!.estimate).toBeCloseTo((100 * 30) / 52, 9);
    // The mean with Student's interval: 13.75 ± t(39) × s / √40, s² = 937.5 / 39.
    expect(mean!.unit).toBe('');
    expect(mean!.points[0]!.estimate).toBeCloseTo(13.75, 9);
    const half = 2.022691 * Math.sqrt(937.5 / 39 / 40);
    expect(mean!.points[0]!.ciLow).toBeCloseTo(13.75 - half, 3);
    expect(mean!.points[0]!.ciHigh).toBeCloseTo(13.75 + half, 3);
    expect(mean!.points[3]).toMatchObject({ estimate: 40, ciLow: 40, ciHigh: 40 });

    const fr = (await surveyTrend(t.db, w4.id, 'fr'))!;
    expect(fr.series.map((s) => s.label)).toEqual(['Which? — A', 'Which? — B', 'Which? — C', 'How many?']);
    expect(fr.series.map((s) => s.points)).toEqual(en.series.map((s) => s.points));
    // A first wave alone has no trend, nor has a one-off survey.
    expect(await surveyTrend(t.db, w1.id, 'en')).toBeNull();
    expect(await surveyTrend(t.db, (await closedSurvey(t.db, [[seg, 20, 20, 0, 1]])).id, 'en')).toBeNull();
  }, 120_000);
});
