import type { FormErrors } from '$lib/graphql/errors.ts';
import type { VerificationStatus } from '$lib/graphql/operations.ts';

/** The queue's tabs, in order; PENDING is the work to do and the default. REVERIFY: verified credentials under re-verification. */
export const QUEUE_STATUSES = ['PENDING', 'REVERIFY', 'VERIFIED', 'REJECTED', 'REVOKED'] as const satisfies readonly (VerificationStatus | 'REVERIFY')[];

export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** confirm: keep a credential under re-verification verified; reverify: put a verified one under re-verification. */
export type ReviewAction = 'approve' | 'reject' | 'revoke' | 'confirm' | 'reverify';

/** The actions that need no reason. */
export const WITHOUT_REASON: readonly ReviewAction[] = ['approve', 'confirm'];

/** The actions a reviewer gives a reason for, which the physician or the audit log reads. */
export type ReasonedAction = 'reject' | 'revoke' | 'reverify';
export const needsReason = (action: ReviewAction): action is ReasonedAction => !WITHOUT_REASON.includes(action);

/** The one field a decision has; any other problem concerns the whole decision. */
export const REVIEW_FIELDS = ['reason'] as const;

/** A decision the API refused, with what was typed, shown on its credential's card. */
export interface ReviewFailure {
  action: ReviewAction;
  reason: string;
  errors: FormErrors<(typeof REVIEW_FIELDS)[number]>;
}

/** The tab a `status` query parameter names; anything else is the default tab. */
export function queueStatus(param: string | null): QueueStatus {
  return QUEUE_STATUSES.find((s) => s === param) ?? 'PENDING';
}

/** The queue's address for a tab and, after the first page, the cursor to continue from. */
export function queueHref(status: QueueStatus, after: string | null = null): string {
  const query = new URLSearchParams();
  if (status !== 'PENDING') query.set('status', status);
  if (after) query.set('after', after);
  const search = query.toString();
  return search ? `/verification?${search}` : '/verification';
}

/** What a reviewer may do to a credential in this state (`underReview`: in the re-verification queue). */
export function actionsFor(status: VerificationStatus, underReview = false): readonly ReviewAction[] {
  if (status === 'PENDING') return ['approve', 'reject'];
  if (status === 'VERIFIED') return underReview ? ['confirm', 'revoke'] : ['revoke', 'reverify'];
  return [];
}

/**
 * A form action's address that keeps the queue's own query (tab, page): SvelteKit reads the
 * action from the parameter that starts with "/", and a bare "?/approve" would drop the rest.
 */
export function actionHref(search: string, action: ReviewAction): string {
  const query = new URLSearchParams(search);
  for (const key of [...query.keys()]) if (key.startsWith('/')) query.delete(key);
  const kept = query.toString();
  return `?${kept ? `${kept}&` : ''}/${action}`;
}

/** The first characters of an id: enough to tell entries apart in a table. */
export function shortId(id: string, length = 8): string {
  return id.length > length ? `${id.slice(0, length)}…` : id;
}
