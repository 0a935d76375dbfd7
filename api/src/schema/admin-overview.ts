/** What waits for an admin, for their landing page: `adminOverview`. */
import { builder } from '../builder.ts';

interface Overview {
  pendingCredentials: number;
  surveysToReview: number;
  openPostReports: number;
  unpaidOrders: number;
  failedReportJobs: number;
}

const AdminOverviewRef = builder.objectRef<Overview>('AdminOverview');
AdminOverviewRef.implement({
  description: 'Counts of what waits for an admin (admins).',
  fields: (t) => ({
    pendingCredentials: t.exposeInt('pendingCredentials', { description: 'Licences waiting for a decision.' }),
    surveysToReview: t.exposeInt('surveysToReview', { description: 'Surveys submitted for review.' }),
    openPostReports: t.exposeInt('openPostReports', { description: 'Reported posts no moderator has resolved.' }),
    unpaidOrders: t.exposeInt('unpaidOrders', { description: 'Report orders whose invoice is not recorded as paid.' }),
    failedReportJobs: t.exposeInt('failedReportJobs', { description: 'Report builds that failed and wait for a retry.' }),
  }),
});

builder.queryField('adminOverview', (t) =>
  t.field({
    type: AdminOverviewRef,
    description: 'Counts of what waits for an admin: licences, surveys, reported posts, unpaid orders, failed report builds (admins).',
    authScopes: { admin: true },
    resolve: async (_root, _args, ctx) => {
      // Each count is read by an index on its status (orders are few: one per report).
      const [pendingCredentials, surveysToReview, openPostReports, unpaidOrders, failedReportJobs] = await ctx.db.$transaction([
        ctx.db.credential.count({ where: { status: 'PENDING' } }),
        ctx.db.survey.count({ where: { status: 'SUBMITTED' } }),
        ctx.db.postReportSummary.count({ where: { open: true } }),
        ctx.db.reportOrder.count({ where: { status: 'INVOICED' } }),
        ctx.db.report.count({ where: { status: 'FAILED' } }),
      ]);
      return { pendingCredentials, surveysToReview, openPostReports, unpaidOrders, failedReportJobs };
    },
  }),
);
