import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { reopenFailedReport } from '@consilium/jobs/report-state';
import type { ReportResult } from '@consilium/jobs/report-result';
import { useQueues, useTestDatabase } from '../test/harness.ts';
import { closedSurvey, expectHandFigures, HAND_EXAMPLE } from '../test/reports.ts';
import { defaultReportSettings, type JobDeps, type ReportSettings } from './job.ts';
import { buildReport } from './reports-build.ts';
import { runJob } from './registry.ts';

const HOUR = 3_600_000;
const t = useTestDatabase();
const queues = useQueues();

async function reportOf(surveyId: string) {
  return t.db.report.findUniqueOrThrow({ where: { surveyId } });
}

/** Waits until `check` holds, polling. */
async function until(check: () => Promise<boolean>, timeoutMs = 12_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('reports:build through the worker', () => {
  it('sweeps the due reports and builds each once, with the hand-computed figures', async () => {
    const due = await closedSurvey(t.db, HAND_EXAMPLE);
    // Closed an hour ago, with tokens not yet spent: not due before closed_at + grace.
    const waiting = await closedSurvey(t.db, HAND_EXAMPLE, { closedAt: new Date(Date.now() - HOUR) });
    const q = queues.setup();
    const queue = q.queue();
    const deps: JobDeps = { ...t.deps, queue };
    const worker = q.worker(deps);
    const outcomes: unknown[] = [];
    worker.on('completed', (job: Job, outcome: unknown) => void (job.name === 'reports:build' && outcomes.push(outcome)));

    expect(await runJob('reports:enqueue-pending', {}, deps)).toMatchObject({ due: 1 });
    // A second sweep before the build ran adds nothing: one job per survey.
    await runJob('reports:enqueue-pending', {}, deps);
    await until(async () => (await reportOf(due.id)).status === 'READY');
    const report = await reportOf(due.id);
    expect(report).toMatchObject({ respondents: 40, k: 11, epsilon: null, attempts: 1, failureReason: null });
    expect(report.generatedAt).not.toBeNull();
    expectHandFigures(report.result as unknown as ReportResult);
    expect((await reportOf(waiting.id)).status).toBe('PENDING');
    await new Promise((r) => setTimeout(r, 300));
    expect(outcomes).toEqual([{ built: true, respondents: 40 }]);

    // Every issued token spent: due at once, no need to wait for the grace period.
    await t.db.survey.update({ where: { id: waiting.id }, data: { tokensIssued: 40 } });
    expect(await runJob('reports:enqueue-pending', {}, deps)).toMatchObject({ due: 1 });
    await until(async () => (await reportOf(waiting.id)).status === 'READY');
  });

  it('with epsilon: noisy respondents, the budget recorded, segments from the targeting, nothing exact', async () => {
    const settings: ReportSettings = { ...defaultReportSettings, epsilon: 1 };
    const targeted = await closedSurvey(t.db, HAND_EXAMPLE);
    await t.db.survey.update({ where: { id: targeted.id }, data: { targetCountries: ['FR', 'BE'], targetSpecialties: ['cardiology', 'pediatrics', 'urology'] } });
    const open = await closedSurvey(t.db, HAND_EXAMPLE);
    for (const survey of [targeted, open]) expect((await buildReport(t.db, survey.id, settings)).built).toBe(true);
    const [withCountries, anyCountry] = [await reportOf(targeted.id), await reportOf(open.id)];
    const results = [withCountries, anyCountry].map((r) => r.result as unknown as ReportResult);
    // The respondents, then a single-choice question (n, choices, segments and cells per
    // dimension) and a NUMBER question (n, bins, segments per dimension): 1 + 8 + 5 lists, and
    // with no country targeting no country list (1 + 6 + 4).
    expect(results.map((r) => r.privacyBudget)).toEqual([14, 11]);
    expect(withCountries.respondents).toBe(results[0]!.respondents);
    expect(results[0]!.questions[0]!.crossTabs.map((tab) => tab.dimension)).toEqual(['specialty', 'country', 'yearsInPractice']);
    expect(results[1]!.questions[0]!.crossTabs.map((tab) => tab.dimension)).toEqual(['specialty', 'yearsInPractice']);
    for (const q of results.flatMap((r) => r.questions)) {
      expect([q.mean, q.median, q.texts]).toEqual([null, null, []]);
      const counts = [...q.choices.filter((c) => !c.suppressed).map((c) => c.count), ...q.histogram.filter((b) => !b.suppressed).map((b) => b.count)];
      for (const tab of q.crossTabs) for (const cell of tab.cells) {
        expect(cell).toMatchObject({ suppressed: false, mean: null });
        counts.push(cell.n, ...cell.choices.filter((c) => !c.suppressed).map((c) => c.count));
      }
      expect(counts.filter((c) => c > 0 && c < 11)).toEqual([]);
    }
    expect(results[0]!.questions[0]!.crossTabs[0]!.cells.every((c) => ['cardiology', 'pediatrics', 'urology'].includes(c.segment))).toBe(true);
  });

  it('is idempotent: built twice, or twice at once, it gives one report with the same figures', async () => {
    const survey = await closedSurvey(t.db, HAND_EXAMPLE);
    const both = await Promise.all([buildReport(t.db, survey.id), buildReport(t.db, survey.id)]);
    expect(both.filter((o) => o.built)).toHaveLength(1);
    const first = await reportOf(survey.id);
    expect(await buildReport(t.db, survey.id)).toEqual({ built: false, reason: 'not pending' });
    const again = await reportOf(survey.id);
    expect(again.result).toEqual(first.result);
    expect(again.generatedAt).toEqual(first.generatedAt);
    expect(await t.db.report.count({ where: { surveyId: survey.id } })).toBe(1);
  });

  it('ends FAILED with a reason free of answer contents after its retries, and builds once put back to PENDING', async () => {
    const survey = await closedSurvey(t.db, HAND_EXAMPLE);
    const q = queues.setup();
    const queue = q.queue();
    const failing: ReportSettings = {
      ...defaultReportSettings, retryDelayMs: 20,
      beforeCommit: async () => {
        throw new Error('boom near the answer "secret free text"');
      },
    };
    const worker = q.worker({ ...t.deps, queue, reports: failing });
    let failures = 0;
    worker.on('failed', () => void failures++);
    await runJob('reports:enqueue-pending', {}, { ...t.deps, queue, reports: failing });
    await until(async () => (await reportOf(survey.id)).status === 'FAILED');
    const failed = await reportOf(survey.id);
    expect(failures).toBe(5);
    expect(failed.attempts).toBe(5);
    expect(failed.failureReason).toBe("unexpected error (Error); the worker's log has the time");
    expect(failed.result).toBeNull();
    // FAILED is not swept again.
    expect(await runJob('reports:enqueue-pending', {}, { ...t.deps, queue })).toMatchObject({ due: 0 });
    await worker.close();

    // An admin's retry (or a paid order) puts it back; the failed job left Redis, so it is enqueued again.
    await t.db.$transaction((tx) => reopenFailedReport(tx, survey.id, 48));
    expect(await reportOf(survey.id)).toMatchObject({ status: 'PENDING', attempts: 0, failureReason: null });
    q.worker({ ...t.deps, queue });
    expect(await runJob('reports:enqueue-pending', {}, { ...t.deps, queue })).toMatchObject({ due: 1 });
    await until(async () => (await reportOf(survey.id)).status === 'READY');
    expectHandFigures((await reportOf(survey.id)).result as unknown as ReportResult);
  });

  it('closing a survey past its date writes its PENDING report, due after the grace period', async () => {
    const org = await t.db.organization.create({ data: { name: 'Agence' } });
    const client = await t.db.account.create({ data: { email: `c${Date.now()}@example.test`, passwordHash: 'x', role: 'CLIENT', organizationId: org.id } });
    const closesAt = new Date(Date.now() - HOUR);
    const survey = await t.db.survey.create({
      data: { organizationId: org.id, createdById: client.id, title: 'Due', description: '', status: 'OPEN', sampleSize: 10, honorariumCents: 0, closesAt, tokensIssued: 3 },
    });
    await runJob('surveys:close-due', {}, { ...t.deps, reports: { ...defaultReportSettings, graceHours: 48 } });
    expect(await reportOf(survey.id)).toMatchObject({ status: 'PENDING', dueAt: new Date(closesAt.getTime() + 48 * HOUR) });
  });
});
