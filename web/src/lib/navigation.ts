import type { Role, StaffRole } from './graphql/operations.ts';
import type { MessageKey } from './i18n/translator.ts';
import { staffMayOpen } from './staff-pages.ts';

export interface NavLink {
  href: string;
  label: MessageKey;
  /** Shows a count beside the label: unread notifications, or unread private messages. */
  unreadBadge?: 'notifications' | 'messages';
}

const LINKS: Record<Role, readonly NavLink[]> = {
  PHYSICIAN: [
    { href: '/surveys', label: 'nav.surveys' },
    { href: '/honoraria', label: 'nav.honoraria' },
    { href: '/credential', label: 'nav.credential' },
    { href: '/discussion', label: 'nav.discussion' },
    { href: '/notifications', label: 'nav.notifications', unreadBadge: 'notifications' },
    { href: '/messages', label: 'nav.messages', unreadBadge: 'messages' },
    { href: '/groups', label: 'nav.groups' },
    { href: '/transparency', label: 'nav.transparency' },
  ],
  ADMIN: [
    { href: '/verification', label: 'nav.verificationQueue' },
    { href: '/survey-review', label: 'nav.surveyReview' },
    { href: '/audit', label: 'nav.auditLog' },
    { href: '/moderation', label: 'nav.moderation' },
    { href: '/orders', label: 'nav.orders' },
    { href: '/report-jobs', label: 'nav.reportJobs' },
    { href: '/staff', label: 'nav.staff' },
  ],
  CLIENT: [
    { href: '/my-surveys', label: 'nav.clientSurveys' },
    { href: '/my-surveys/new', label: 'nav.newSurvey' },
    { href: '/orders', label: 'nav.orders' },
  ],
};

/** The header's links for a role (none for visitors); an admin sees the pages of the staff roles it holds (`STAFF_PAGES`). */
export function navLinksFor(role: Role | null | undefined, staffRoles: readonly StaffRole[] = []): readonly NavLink[] {
  if (!role) return [];
  return role === 'ADMIN' ? LINKS.ADMIN.filter((link) => staffMayOpen(link.href, staffRoles)) : LINKS[role];
}

/** Whether `currentPath` (a path with its query) is the page `href` names, or inside it. */
export function isCurrent(href: string, currentPath: string): boolean {
  const path = currentPath.split(/[?#]/, 1)[0] ?? '';
  return path === href || path.startsWith(`${href}/`);
}

/** The link of `links` that `currentPath` is on: the most specific one ("/my-surveys/new" over "/my-surveys"). */
export function currentHref(links: readonly NavLink[], currentPath: string): string | null {
  const matching = links.filter((link) => isCurrent(link.href, currentPath));
  return matching.sort((a, b) => b.href.length - a.href.length)[0]?.href ?? null;
}
