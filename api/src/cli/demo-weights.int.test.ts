/**
 * The demo's ready report shows weighted figures: the demo's closed survey, built by the worker
 * against the RPPS and NPI sample extracts the demo imports, publishes weighted shares beside
 * the raw ones (its respondents in Belgium and Switzerland, outside the registries, keep their
 * sample share).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultReportSettings } from '@consilium/analytics/job';
import { buildReport } from '@consilium/analytics/reports-build';
import type { ReportResult } from '@consilium/jobs/report-result';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRegistryFile } from '../domain/registry/import.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { seedDemoReports } from './demo-reports.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({});
});
afterAll(async () => t.close());

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'registry');

describe('the demo report', () => {
  it('publishes weighted figures calibrated to the sample registry', async () => {
    await importRegistryFile(t.env.DATABASE_URL, { registry: 'RPPS', file: path.join(FIXTURES, 'PS_LibreAcces_Personne_activite_202611010000.txt') });
    await t.make.client();
    await seedDemoReports(t.db, { REPORT_BASE_FEE_CENTS: 0, REPORT_FEE_PER_RESPONDENT_CENTS: 0, REPORT_K: 11, SURVEY_GRACE_HOURS: 0 }, null);
    const survey = await t.db.survey.findFirstOrThrow({ where: { title: 'Antibiotiques et infections respiratoires en hiver' } });
    expect((await buildReport(t.db, survey.id, defaultReportSettings)).built).toBe(true);
    const result = (await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } })).result as unknown as ReportResult;
    expect(result.frame).toMatchObject({ source: 'REGISTRY', registries: ['RPPS'] });
    // The multiple-choice question: three columns of its specialty cross-tab are shown whole, so
    // their shares are weighted (raking to the registry's specialty margin, the generalised
    // respondents "*" keeping their sample share); the fourth has hidden cells: no weighted share.
    const tools = result.questions.find((q) => q.kind === 'MULTIPLE_CHOICE')!;
    expect(tools.weighting).toMatchObject({ dimensions: ['specialty'], method: 'RAKING', converged: true });
    expect(tools.choices.map((c) => c.weighted !== null)).toEqual([true, true, true, false]);
    for (const c of tools.choices.filter((x) => x.weighted)) {
      expect(c.weighted!.ciLow).toBeLessThan(c.weighted!.estimate);
      expect(c.weighted!.estimate).not.toBeCloseTo(c.share, 4);
    }
    // The single-choice question's specialty cross-tab hides cells in every column: withheld.
    expect(result.questions[0]!.weightingWithheld).toBe('SMALL_CELLS');
  }, 120_000);
});
