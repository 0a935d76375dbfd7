import type { layoutFr } from './layout.fr.ts';

/** English messages of the page frame: the same keys and placeholders as `layout.fr.ts`. */
export const layoutEn: Record<keyof typeof layoutFr, string> = {
  'nav.menu': 'Menu',
  'nav.account': 'My account',
  'nav.postingAs': 'You are writing as {handle}',
  'nav.postingAsShort': 'Pseudonym:',
  'feed.filters.toggle': 'Search and filters',
  'moderation.backToQueue': 'Back to the moderation queue',
  'moderation.reportedPost': 'Reported post',
  'moderation.readThread': 'Read the thread around this post',
  'overview.heading': 'Waiting for you',
  'overview.pendingCredentials': '{count, plural, one {licence to check} other {licences to check}}',
  'overview.surveysToReview': '{count, plural, one {survey to review} other {surveys to review}}',
  'overview.openPostReports': '{count, plural, one {reported post} other {reported posts}}',
  'overview.unpaidOrders': '{count, plural, one {order awaiting payment} other {orders awaiting payment}}',
  'overview.failedReportJobs': '{count, plural, one {failed report} other {failed reports}}',
  'audit.action.order.paid': 'Order marked paid',
  'audit.action.report.retry': 'Report build retried',
  'audit.action.post.hide': 'Post hidden',
  'audit.action.post.restore': 'Post restored',
  'audit.action.pseudonym.suspend': 'Pseudonym suspended',
  'audit.action.pseudonym.unsuspend': 'Suspension lifted',
  'audit.target.order': 'Order',
  'audit.target.post': 'Post',
  'audit.target.pseudonym': 'Pseudonym',
};
