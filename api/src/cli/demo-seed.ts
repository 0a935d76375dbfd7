/**
 * The demo data set: loaded by `pnpm start` into an empty database so that a first look
 * shows a living product. Each capability adds its part here.
 */
import type { Db } from '@consilium/db';
import { hashPassword } from '../domain/passwords.ts';

/** Public demo passwords: they only ever open the demo data set. */
export const DEMO_PASSWORD = 'demo-consilium-2026';

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.consilium.test', role: 'ADMIN', label: 'admin' },
  { email: 'dr.martin@demo.consilium.test', role: 'PHYSICIAN', label: 'physician' },
  { email: 'etudes@sante-publique.demo.consilium.test', role: 'CLIENT', label: 'client', organization: 'Santé publique (démo)' },
] as const;

/** Loads the demo accounts when the database has none; returns the lines to print, or null. */
export async function seedDemo(db: Db): Promise<string[] | null> {
  if ((await db.account.count()) > 0) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.$transaction(async (tx) => {
    for (const account of DEMO_ACCOUNTS) {
      const organization =
        'organization' in account ? await tx.organization.create({ data: { name: account.organization } }) : null;
      await tx.account.create({
        data: { email: account.email, role: account.role, passwordHash, organizationId: organization?.id ?? null },
      });
    }
  });
  return [
    'Demo logins (password for all: ' + DEMO_PASSWORD + '):',
    ...DEMO_ACCOUNTS.map((a) => `  ${a.label.padEnd(10)} ${a.email}`),
  ];
}
