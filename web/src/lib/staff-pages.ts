/**
 * Which staff role opens each admin page (docs/staff-roles.md): the one table the header, the
 * landing page and every link to an admin page read, so that no admin is shown a link that
 * answers 403 (a FINANCE-only admin on /orders used to see /report-jobs, which is REVIEWER's).
 * The pages themselves check again (`requireStaff`), as does the API.
 */
import type { StaffRole } from './graphql/operations.ts';

export const STAFF_PAGES = {
  '/verification': 'VERIFIER',
  '/survey-review': 'REVIEWER',
  '/report-jobs': 'REVIEWER',
  '/moderation': 'MODERATOR',
  '/orders': 'FINANCE',
  '/audit': 'OWNER',
  '/staff': 'OWNER',
} as const satisfies Record<string, StaffRole>;

export type StaffPage = keyof typeof STAFF_PAGES;

/** The staff role the page of `href` (with its query, or a page under it) needs; null for a page that needs none. */
export function staffRoleFor(href: string): StaffRole | null {
  const path = href.split(/[?#]/, 1)[0] ?? '';
  const page = (Object.keys(STAFF_PAGES) as StaffPage[]).find((p) => path === p || path.startsWith(`${p}/`));
  return page ? STAFF_PAGES[page] : null;
}

/** Whether an admin holding `staffRoles` may open `href`: every page that needs no staff role, and those of its roles. */
export function staffMayOpen(href: string, staffRoles: readonly StaffRole[]): boolean {
  const role = staffRoleFor(href);
  return role === null || staffRoles.includes(role);
}
