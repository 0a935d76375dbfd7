/**
 * The demo's sentinel survey: twelve closed weekly waves whose built reports publish every
 * week's mean with its interval, so that the trend draws an epidemic curve (rise, peak, fall).
 */
import { defaultReportSettings } from '@consilium/analytics/job';
import { buildReport } from '@consilium/analytics/reports-build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { DEMO_EPIDEMIC, seedDemoWaves } from './demo-waves.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({});
});
afterAll(async () => t.close());

type Point = { value: number | null; ciLow: number | null; ciHigh: number | null; suppressed: boolean };

describe('the demo sentinel survey', () => {
  it('has twelve reported waves whose trend rises, peaks and falls, every mean and share published', async () => {
    await t.make.client();
    const admin = await t.make.admin();
    await seedDemoWaves(t.db, { REPORT_BASE_FEE_CENTS: 0, REPORT_FEE_PER_RESPONDENT_CENTS: 0, SURVEY_GRACE_HOURS: 48 }, null);
    const series = await t.db.surveySeries.findFirstOrThrow({ include: { waves: { orderBy: { waveNumber: 'asc' } } } });
    expect(series.waves.map((w) => w.status)).toEqual([...Array(12).fill('CLOSED'), 'OPEN']);
    for (const wave of series.waves.slice(0, 12)) expect((await buildReport(t.db, wave.id, defaultReportSettings)).built).toBe(true);

    const res = await t.gql<{ surveySeries: { trend: { questions: Array<{ figures: Array<{ kind: string; points: Point[] }> }> } } }>(
      'query ($id: ID!) { surveySeries(id: $id) { trend { questions { figures { kind points { value ciLow ciHigh suppressed } } } } } }',
      { id: series.id }, { token: admin.token },
    );
    expect(res.errors).toBeUndefined();
    const [count, tested] = res.data!.surveySeries.trend.questions;
    const means = count!.figures[0]!.points.slice(0, 12);
    expect(means.every((p) => !p.suppressed && p.ciLow! < p.value! && p.value! < p.ciHigh!)).toBe(true);
    const values = means.map((p) => p.value!);
    const peak = values.indexOf(Math.max(...values));
    expect(peak).toBe(DEMO_EPIDEMIC.indexOf(31));
    expect(values[0]!).toBeLessThan(values[peak]! / 4);
    expect(values[11]!).toBeLessThan(values[peak]! / 4);
    expect(tested!.figures.every((f) => f.points.slice(0, 12).every((p) => !p.suppressed))).toBe(true);
  }, 180_000);
});
