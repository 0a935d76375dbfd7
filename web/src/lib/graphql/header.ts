import { graphql } from './graphql.ts';

/** The viewer's own pseudonym, which the header shows on discussion pages instead of any identity. */
export const HeaderPseudonymQuery = graphql(`
  query HeaderPseudonym {
    me {
      pseudonym {
        handle
      }
    }
  }
`);

/** What waits for an admin, for their landing page. */
export const AdminOverviewQuery = graphql(`
  query AdminOverview {
    adminOverview {
      pendingCredentials
      surveysToReview
      openPostReports
      unpaidOrders
      failedReportJobs
    }
  }
`);
