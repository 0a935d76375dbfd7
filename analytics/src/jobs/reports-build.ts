import { Prisma, type Db } from '@consilium/db';
import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { REPORT_IS_DUE } from '@consilium/jobs/report-state';
import { enqueueReportFiles } from '@consilium/jobs/queue';
import { computeReport } from '../aggregate/build.ts';
import { defaultReportSettings, defineJob, type ReportSettings } from './job.ts';
import { settleSurveys } from './responses-settle.ts';

/** A failure whose message is ours: safe to show to admins (no answer content, ever). */
export class ReportBuildError extends Error {
  override name = 'ReportBuildError';
}

/** What admins see of a failure: our own message, or only the kind of an unexpected error. */
export function failureReason(error: Error): string {
  if (error instanceof ReportBuildError) return error.message.slice(0, 500);
  const code = (error as { code?: unknown }).code;
  return `unexpected error (${error.name}${typeof code === 'string' ? ` ${code}` : ''}); the worker's log has the time`;
}

function isSerializationFailure(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2034') return true;
  return /could not serialize access|40001/.test(String((err as Error)?.message ?? ''));
}

export type BuildOutcome = { built: true; respondents: number } | { built: false; reason: 'not pending' | 'not due' | 'built concurrently' };

/**
 * Builds a survey's report if it is PENDING and due. Everything is read in one REPEATABLE READ
 * transaction (one snapshot of the answers) and READY is written only if the row is still
 * PENDING: a duplicate delivery, a retry after a crash half-way (its transaction rolled back
 * with its connection), or two workers at once all end in exactly one report.
 */
export async function buildReport(db: Db, surveyId: string, settings: ReportSettings = defaultReportSettings): Promise<BuildOutcome> {
  const [state] = await db.$queryRaw<Array<{ status: string; due: boolean }>>`
    SELECT r.status::text, ${REPORT_IS_DUE} AS due
    FROM report r JOIN survey s ON s.id = r.survey_id WHERE r.survey_id = ${surveyId}::uuid`;
  if (!state || state.status !== 'PENDING') return { built: false, reason: 'not pending' };
  if (!state.due) return { built: false, reason: 'not due' };
  // Fresh answers still carry their key label: settled, they carry no label below k.
  await settleSurveys(db, [surveyId], settings.k);
  await db.$executeRaw`UPDATE report SET attempts = attempts + 1, updated_at = now() WHERE survey_id = ${surveyId}::uuid AND status = 'PENDING'`;
  try {
    return await db.$transaction(
      async (tx) => {
        const [locked] = await tx.$queryRaw<Array<{ status: string }>>`SELECT status::text FROM report WHERE survey_id = ${surveyId}::uuid FOR UPDATE`;
        if (locked?.status !== 'PENDING') return { built: false, reason: 'not pending' } as const;
        const result = await computeReport(tx, surveyId, { k: settings.k, epsilon: settings.epsilon });
        await settings.beforeCommit?.(surveyId);
        await tx.$executeRaw`
          UPDATE report SET status = 'READY', result = ${JSON.stringify(result)}::jsonb, respondents = ${result.respondents},
            k = ${settings.k}, epsilon = ${settings.epsilon}, failure_reason = NULL, generated_at = now(), updated_at = now()
          WHERE survey_id = ${surveyId}::uuid AND status = 'PENDING'`;
        return { built: true, respondents: result.respondents } as const;
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 30 * 60_000, maxWait: 60_000 },
    );
  } catch (err) {
    // Another build of the same report committed first: it is done, and done once.
    if (isSerializationFailure(err)) return { built: false, reason: 'built concurrently' };
    throw err;
  }
}

/** Builds one survey's report; enqueued by `reports:enqueue-pending` under `reportJobId`. */
export const reportsBuild = defineJob({
  name: 'reports:build',
  payload: JOB_PAYLOADS['reports:build'],
  async handle({ surveyId }, { db, log, reports, queue }) {
    const outcome = await buildReport(db, surveyId, reports ?? defaultReportSettings);
    if (outcome.built) log.info({ job: 'reports:build', surveyId, respondents: outcome.respondents }, 'report built');
    // Its files (PDF, respondent-level file) next; the sweep queues them too if this enqueue is lost.
    if (outcome.built && queue) await enqueueReportFiles(queue, surveyId);
    return outcome;
  },
  async onFinalFailure({ surveyId }, error, { db, log }) {
    const reason = failureReason(error);
    await db.$executeRaw`
      UPDATE report SET status = 'FAILED', failure_reason = ${reason}, updated_at = now()
      WHERE survey_id = ${surveyId}::uuid AND status = 'PENDING'`;
    log.error({ job: 'reports:build', surveyId, reason }, 'report failed for good: an admin can retry it');
  },
});
