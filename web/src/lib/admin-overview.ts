import type { ResultOf } from './graphql/graphql.ts';
import type { AdminOverviewQuery } from './graphql/header.ts';

export type AdminOverview = ResultOf<typeof AdminOverviewQuery>['adminOverview'];
export type OverviewKey = keyof AdminOverview;

/** What waits for an admin, each with the page where it is dealt with, in the order of the navigation. */
const PAGES: ReadonlyArray<[OverviewKey, string]> = [
  ['pendingCredentials', '/verification'],
  ['surveysToReview', '/survey-review'],
  ['openPostReports', '/moderation'],
  ['unpaidOrders', '/orders'],
  ['failedReportJobs', '/report-jobs?status=FAILED'],
];

export function overviewItems(overview: AdminOverview): Array<{ key: OverviewKey; count: number; href: string }> {
  return PAGES.map(([key, href]) => ({ key, count: overview[key], href }));
}
