import { describe, expect, it } from 'vitest';
import { overviewItems } from './admin-overview.ts';

describe('overviewItems', () => {
  it('links each count to the page where it is dealt with, failed builds filtered', () => {
    const items = overviewItems({ pendingCredentials: 2, surveysToReview: 1, openPostReports: 0, unpaidOrders: 3, failedReportJobs: 1 });
    expect(items.map((i) => [i.key, i.count, i.href])).toEqual([
      ['pendingCredentials', 2, '/verification'],
      ['surveysToReview', 1, '/survey-review'],
      ['openPostReports', 0, '/moderation'],
      ['unpaidOrders', 3, '/orders'],
      ['failedReportJobs', 1, '/report-jobs?status=FAILED'],
    ]);
  });

  it('keeps the counts of the pages the staff roles open', () => {
    const overview = { pendingCredentials: 2, surveysToReview: 1, openPostReports: 0, unpaidOrders: 3, failedReportJobs: 1 };
    expect(overviewItems(overview, ['VERIFIER']).map((i) => i.key)).toEqual(['pendingCredentials']);
    expect(overviewItems(overview, ['REVIEWER', 'FINANCE']).map((i) => i.key)).toEqual(['surveysToReview', 'unpaidOrders', 'failedReportJobs']);
    expect(overviewItems(overview, ['OWNER'])).toEqual([]);
  });
});
