import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { enqueueReportBuild, enqueueReportFiles } from '@consilium/jobs/queue';
import { REPORT_IS_DUE } from '@consilium/jobs/report-state';
import { defaultReportSettings, defineJob } from './job.ts';

/**
 * The guarantee behind every report: PostgreSQL says which reports are PENDING and due, and
 * this sweep (re)enqueues a build for each. A Redis that lost its queue loses no work; a job
 * already queued under the same id is not added twice. Built and failed jobs are removed from
 * Redis (their outcome is in PostgreSQL), so a report put back to PENDING is enqueued again.
 * The API also queues a build right after it closes a survey, records a payment or retries a
 * report; this sweep is what makes that best-effort enqueue safe to lose.
 */
export const reportsEnqueuePending = defineJob({
  name: 'reports:enqueue-pending',
  payload: JOB_PAYLOADS['reports:enqueue-pending'],
  async handle({ limit }, { db, queue, reports }) {
    if (!queue) throw new Error('reports:enqueue-pending needs the queue');
    const settings = reports ?? defaultReportSettings;
    const due = await db.$queryRaw<Array<{ survey_id: string }>>`
      SELECT r.survey_id::text FROM report r JOIN survey s ON s.id = r.survey_id
      WHERE r.status = 'PENDING' AND ${REPORT_IS_DUE}
      ORDER BY r.due_at LIMIT ${limit}`;
    for (const { survey_id: surveyId } of due) await enqueueReportBuild(queue, surveyId, settings.retryDelayMs);
    // READY reports whose files are missing or older than the report: the PDF, and the
    // respondent-level file once a PAID order includes it.
    const files = await db.$queryRaw<Array<{ survey_id: string }>>`
      SELECT r.survey_id::text FROM report r
      WHERE r.status = 'READY' AND (
        NOT EXISTS (SELECT 1 FROM report_file f WHERE f.survey_id = r.survey_id AND f.name = 'report-en.pdf' AND f.built_at >= r.generated_at)
        OR (EXISTS (SELECT 1 FROM report_order o WHERE o.survey_id = r.survey_id AND o.status = 'PAID' AND o.respondent_file)
            AND NOT EXISTS (SELECT 1 FROM report_file f WHERE f.survey_id = r.survey_id AND f.name = 'respondents.zip' AND f.built_at >= r.generated_at)))
      LIMIT ${limit}`;
    for (const { survey_id: surveyId } of files) await enqueueReportFiles(queue, surveyId);
    return { due: due.length, files: files.length };
  },
});
