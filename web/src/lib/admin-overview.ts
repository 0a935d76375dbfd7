import type { ResultOf } from './graphql/graphql.ts';
import type { AdminOverviewQuery } from './graphql/header.ts';
import type { StaffRole } from './graphql/operations.ts';
import { staffMayOpen } from './staff-pages.ts';

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

/** The counts of the pages the admin's staff roles open (every one when `staffRoles` is not given). */
export function overviewItems(overview: AdminOverview, staffRoles?: readonly StaffRole[]): Array<{ key: OverviewKey; count: number; href: string }> {
  return PAGES.filter(([, href]) => !staffRoles || staffMayOpen(href, staffRoles)).map(([key, href]) => ({ key, count: overview[key], href }));
}
