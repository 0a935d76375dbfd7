import type { ResultOf } from './graphql/graphql.ts';
import type { AdminOverviewQuery } from './graphql/header.ts';
import type { StaffRole } from './graphql/operations.ts';

export type AdminOverview = ResultOf<typeof AdminOverviewQuery>['adminOverview'];
export type OverviewKey = keyof AdminOverview;

/** What waits for an admin, each with the page where it is dealt with, in the order of the navigation. */
const PAGES: ReadonlyArray<[OverviewKey, string, StaffRole]> = [
  ['pendingCredentials', '/verification', 'VERIFIER'],
  ['surveysToReview', '/survey-review', 'REVIEWER'],
  ['openPostReports', '/moderation', 'MODERATOR'],
  ['unpaidOrders', '/orders', 'FINANCE'],
  ['failedReportJobs', '/report-jobs?status=FAILED', 'REVIEWER'],
];

/** The counts of the pages the admin's staff roles open (every one when `staffRoles` is not given). */
export function overviewItems(overview: AdminOverview, staffRoles?: readonly StaffRole[]): Array<{ key: OverviewKey; count: number; href: string }> {
  return PAGES.filter(([, , role]) => !staffRoles || staffRoles.includes(role)).map(([key, href]) => ({ key, count: overview[key], href }));
}
