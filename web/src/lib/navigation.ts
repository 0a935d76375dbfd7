import type { Role } from './graphql/operations.ts';
import type { MessageKey } from './i18n/translator.ts';

export interface NavLink {
  href: string;
  label: MessageKey;
}

const LINKS: Record<Role, readonly NavLink[]> = {
  PHYSICIAN: [{ href: '/credential', label: 'nav.credential' }],
  ADMIN: [
    { href: '/verification', label: 'nav.verificationQueue' },
    { href: '/audit', label: 'nav.auditLog' },
  ],
  CLIENT: [],
};

/** The header's links for a role (none for visitors). */
export function navLinksFor(role: Role | null | undefined): readonly NavLink[] {
  return role ? LINKS[role] : [];
}

/** Whether `currentPath` (a path with its query) is the page `href` names, or inside it. */
export function isCurrent(href: string, currentPath: string): boolean {
  const path = currentPath.split(/[?#]/, 1)[0] ?? '';
  return path === href || path.startsWith(`${href}/`);
}
