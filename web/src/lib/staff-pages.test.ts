import { describe, expect, it } from 'vitest';
import { staffMayOpen, staffRoleFor, STAFF_PAGES } from './staff-pages.ts';

describe('staffRoleFor', () => {
  it('names the role of a page, with its query or a page under it, and none for the others', () => {
    expect(staffRoleFor('/report-jobs')).toBe('REVIEWER');
    expect(staffRoleFor('/report-jobs/6f1c?x=1')).toBe('REVIEWER');
    expect(staffRoleFor('/report-jobs?status=FAILED')).toBe('REVIEWER');
    expect(staffRoleFor('/orders?after=abc')).toBe('FINANCE');
    expect(staffRoleFor('/moderation/t/42#post-1')).toBe('MODERATOR');
    expect(staffRoleFor('/staffroom')).toBeNull();
    expect(staffRoleFor('/my-surveys/1/report')).toBeNull();
    expect(staffRoleFor('/')).toBeNull();
  });
});

describe('staffMayOpen', () => {
  it('lets a FINANCE-only admin open the orders but not the report builds they link to', () => {
    expect(staffMayOpen('/orders', ['FINANCE'])).toBe(true);
    expect(staffMayOpen('/report-jobs/6f1c', ['FINANCE'])).toBe(false);
    expect(staffMayOpen('/report-jobs/6f1c', ['FINANCE', 'REVIEWER'])).toBe(true);
  });

  it('opens each admin page to its role only, and pages of no role to every admin', () => {
    for (const [page, role] of Object.entries(STAFF_PAGES)) {
      expect(staffMayOpen(page, [role])).toBe(true);
      const others = (['VERIFIER', 'MODERATOR', 'REVIEWER', 'FINANCE', 'OWNER'] as const).filter((r) => r !== role);
      expect(staffMayOpen(page, others), page).toBe(false);
    }
    expect(staffMayOpen('/account/second-factor', [])).toBe(true);
  });
});

describe('the pages themselves', () => {
  it('each admin page checks the role the table gives it: no link is shown that its page refuses', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const path = await import('node:path');
    const routes = path.resolve(import.meta.dirname, '..', 'routes');
    const checked: Array<[string, string, string | null]> = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name === '+page.server.ts') {
          const roles = [...readFileSync(full, 'utf8').matchAll(/requireStaff\(event, '([A-Z]+)'\)/g)].map((m) => m[1]!);
          // The URL of the page: groups like (admin) are not part of it, a [param] is any segment.
          const url = '/' + path.relative(routes, dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).map((s) => (s.startsWith('[') ? 'x' : s)).join('/');
          for (const role of new Set(roles)) checked.push([url, role, staffRoleFor(url)]);
        }
      }
    };
    walk(routes);
    expect(checked.length).toBeGreaterThanOrEqual(Object.keys(STAFF_PAGES).length);
    for (const [url, role, fromTable] of checked) expect(fromTable, url).toBe(role);
  });
});
