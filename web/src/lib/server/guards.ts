import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role, StaffRole, Viewer } from '$lib/graphql/operations.ts';
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

/**
 * A staff account that holds `role` (docs/staff-roles.md), else 403: a page of the admin area
 * is for the staff of its role only. The API checks the role (and the second factor) again.
 */
export function requireStaff(event: Pick<RequestEvent, 'locals' | 'url'>, role: StaffRole): Viewer {
  const viewer = requireViewer(event, ['ADMIN']);
  if (!viewer.staffRoles.includes(role)) error(403, 'Forbidden');
  return viewer;
}
