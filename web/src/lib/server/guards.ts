import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role, StaffRole, Viewer } from '$lib/graphql/operations.ts';
import { AGAIN_PARAM } from '$lib/step-up.ts';
import { withoutAction } from './flash.ts';
import { loginPathFor } from './return-path.ts';

/**
 * The signed-in account, or a redirect to the login page that returns here afterwards.
 * With `roles`, an account of another role gets 403.
 */
export function requireViewer(event: Pick<RequestEvent, 'locals' | 'url'>, roles?: readonly Role[]): Viewer {
  const viewer = event.locals.viewer;
  if (!viewer) {
    if (event.locals.apiUnavailable) error(503, 'API unavailable');
    redirect(303, loginPathFor(event.url));
  }
  if (roles && !roles.includes(viewer.role)) error(403, 'Forbidden');
  return viewer;
}

/** Where an admin signed in without a second factor is sent: the only thing open to them is enrolling one. */
export const SECOND_FACTOR_PATH = '/account/second-factor';

/**
 * An admin signed in without a second factor can do nothing but enrol one: admin pages send them
 * to the enrolment page, which says why.
 */
export function requireAdminFactor(viewer: Viewer): void {
  if (viewer.role === 'ADMIN' && !viewer.signedInWithSecondFactor) redirect(303, `${SECOND_FACTOR_PATH}?required=1`);
}

/**
 * The API asked for a recent re-authentication (STEP_UP_REQUIRED): to /step-up, which comes back
 * to this page afterwards. `again` is the page's key of the refused action (see `$lib/step-up.ts`):
 * back on the page, that action has the focus and the layout says it was not done yet.
 */
export function stepUpIfAsked(url: URL, formCode: string | null | undefined, again?: string): void {
  if (formCode !== 'STEP_UP_REQUIRED') return;
  redirect(303, `/step-up?redirectTo=${encodeURIComponent(stepUpReturn(url, again))}`);
}

/** The page to come back to after the step-up: this one, without the form action, with `again`. */
export function stepUpReturn(url: URL, again?: string): string {
  const back = new URL(withoutAction(url), url);
  if (again) back.searchParams.set(AGAIN_PARAM, again);
  return `${back.pathname}${back.search}`;
}

/**
 * A staff account that holds `role` (docs/staff-roles.md), else 403: a page of the admin area
 * is for the staff of its role only. The API checks the role (and the second factor) again.
 */
export function requireStaff(event: Pick<RequestEvent, 'locals' | 'url'>, role: StaffRole): Viewer {
  const viewer = requireViewer(event, ['ADMIN']);
  requireAdminFactor(viewer);
  if (!viewer.staffRoles.includes(role)) error(403, 'Forbidden');
  return viewer;
}
