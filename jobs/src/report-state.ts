/**
 * The rows that say a report must be built: written in the transactions that close a survey or
 * pay an order, so that no work lives only in Redis. Used by the API and the worker alike.
 */
import { Prisma } from '@consilium/db';

type Tx = Prisma.TransactionClient;

/**
 * Whether a PENDING report may be built now, over `report r JOIN survey s`: its grace period is
 * over, or every issued token has been spent (no late answer can arrive). The sweep, the API's
 * immediate enqueue and the build itself all ask this one condition.
 */
export const REPORT_IS_DUE = Prisma.sql`(r.due_at <= now() OR s.response_count >= s.tokens_issued)`;

/**
 * The report rows of surveys just closed, as a statement over `closed`, a relation of
 * `(id, closed_at)`: a closed survey's report is due once late answers can no longer arrive, at
 * closed_at + grace (tokens issued before the close are accepted until then), or at once when
 * every issued token has been spent (`REPORT_IS_DUE`). A row that exists is left alone. Every
 * close writes its row with this statement, inside its own: `markReportDue`, the worker's
 * `surveys:close-due`, and the answer that fills a survey.
 */
export function insertDueReports(closed: Prisma.Sql, graceHours: number): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO report (survey_id, status, due_at)
    SELECT id, 'PENDING', closed_at + make_interval(secs => ${graceHours * 3600}::float8) FROM ${closed}
    ON CONFLICT (survey_id) DO NOTHING`;
}

/** Writes a closed survey's report row in the closing transaction (see `insertDueReports`). */
export async function markReportDue(tx: Tx, surveyId: string, graceHours: number): Promise<void> {
  await tx.$executeRaw(insertDueReports(
    Prisma.sql`(SELECT id, closed_at FROM survey WHERE id = ${surveyId}::uuid AND status = 'CLOSED' AND closed_at IS NOT NULL) AS closed`,
    graceHours,
  ));
}

/** Paying an order: a report that failed (or was never recorded) goes back to PENDING; one READY or PENDING is left as it is. */
export async function reopenFailedReport(tx: Tx, surveyId: string, graceHours: number): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO report (survey_id, status, due_at)
    SELECT id, 'PENDING', coalesce(closed_at, now()) + make_interval(secs => ${graceHours * 3600}::float8)
    FROM survey WHERE id = ${surveyId}::uuid
    ON CONFLICT (survey_id) DO UPDATE SET status = 'PENDING', attempts = 0, failure_reason = NULL, updated_at = now()
    WHERE report.status = 'FAILED'`;
}

/**
 * An answer accepted after the close (a token issued before it, spent within the grace period):
 * a report already built without it is rebuilt.
 */
export async function reportMissesAnAnswer(tx: Tx, surveyId: string): Promise<void> {
  await tx.$executeRaw`UPDATE report SET status = 'PENDING', updated_at = now() WHERE survey_id = ${surveyId}::uuid AND status = 'READY'`;
}
