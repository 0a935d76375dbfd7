/**
 * The demo data set: loaded by `pnpm start` into an empty database so that a first look
 * shows a living product. Each capability adds its part here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '@consilium/db';
import { makeLicenseNumber } from '../domain/licence.ts';
import { importRegistryFile } from '../domain/registry/import.ts';
import { matchCredential } from '../domain/registry/match.ts';
import { hashPassword } from '../domain/passwords.ts';
import { ensurePseudonym } from '../domain/pseudonyms.ts';

/** Public demo passwords: they only ever open the demo data set. */
export const DEMO_PASSWORD = 'demo-consilium-2026';

interface DemoAccount {
  email: string;
  role: 'ADMIN' | 'PHYSICIAN' | 'CLIENT';
  label: string;
  organization?: string;
  /** A credential, matching an entry of the RPPS sample extract (api/fixtures/registry). */
  credential?: { seed: number; specialty: string; status: 'VERIFIED' | 'PENDING'; region: string; since: number };
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'admin@demo.consilium.test', role: 'ADMIN', label: 'admin' },
  { email: 'dr.martin@demo.consilium.test', role: 'PHYSICIAN', label: 'verified physician', credential: { seed: 1, specialty: 'cardiology', status: 'VERIFIED', region: 'Île-de-France', since: 2009 } },
  { email: 'dr.dubois@demo.consilium.test', role: 'PHYSICIAN', label: 'verified physician', credential: { seed: 3, specialty: 'pediatrics', status: 'VERIFIED', region: 'Occitanie', since: 2016 } },
  { email: 'dr.bernard@demo.consilium.test', role: 'PHYSICIAN', label: 'pending physician', credential: { seed: 2, specialty: 'general-practice', status: 'PENDING', region: 'Bretagne', since: 2019 } },
  { email: 'dr.petit@demo.consilium.test', role: 'PHYSICIAN', label: 'pending physician', credential: { seed: 987_654, specialty: 'dermatology', status: 'PENDING', region: 'Hauts-de-France', since: 2021 } },
  { email: 'dr.nouveau@demo.consilium.test', role: 'PHYSICIAN', label: 'new physician' },
  { email: 'etudes@sante-publique.demo.consilium.test', role: 'CLIENT', label: 'client', organization: 'Santé publique (démo)' },
];

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'registry');
export const DEMO_REGISTRY_FILES = [
  { registry: 'RPPS', file: path.join(FIXTURES, 'PS_LibreAcces_Personne_activite_202611010000.txt') },
  { registry: 'NPI', file: path.join(FIXTURES, 'npidata_pfile_20261001-20261012.csv') },
] as const;

async function createDemoAccount(db: Db, account: DemoAccount, passwordHash: string, pseudonymSecret: string, adminId: string | null) {
  const organization = account.organization ? await db.organization.create({ data: { name: account.organization } }) : null;
  const created = await db.account.create({
    data: { email: account.email, role: account.role, passwordHash, organizationId: organization?.id ?? null },
  });
  const c = account.credential;
  if (!c) return;
  const licenseNumber = makeLicenseNumber('RPPS', c.seed);
  const match = await matchCredential(db, { registry: 'RPPS', licenseNumber, specialty: c.specialty });
  const credential = await db.credential.create({
    data: {
      accountId: created.id, country: 'FR', registry: 'RPPS', licenseNumber, licenseClaim: `RPPS:${licenseNumber}`,
      specialty: c.specialty, region: c.region, practiceStartYear: c.since, status: c.status,
      decidedAt: c.status === 'VERIFIED' ? new Date() : null,
      registryImportId: match.importId, registryFound: match.found, registryName: match.nameOnRegistry,
      registrySpecialty: match.specialtyOnRegistry, registryAgrees: match.agrees,
    },
  });
  if (c.status !== 'VERIFIED') return;
  await ensurePseudonym(db, pseudonymSecret, created.id, { specialty: c.specialty, country: 'FR' });
  if (adminId) await db.auditEntry.create({ data: { actorId: adminId, action: 'credential.approve', targetType: 'credential', targetId: credential.id } });
}

/** Loads the demo accounts when the database has none; returns the lines to print, or null. */
export async function seedDemo(db: Db, pseudonymSecret: string, databaseUrl: string): Promise<string[] | null> {
  if ((await db.account.count()) > 0) return null;
  const imported = [];
  for (const { registry, file } of DEMO_REGISTRY_FILES) {
    const result = await importRegistryFile(databaseUrl, { registry, file });
    imported.push(`${registry} sample extract: ${result.kept} entries`);
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let adminId: string | null = null;
  for (const account of DEMO_ACCOUNTS) {
    await createDemoAccount(db, account, passwordHash, pseudonymSecret, adminId);
    if (account.role === 'ADMIN') adminId = (await db.account.findUniqueOrThrow({ where: { email: account.email } })).id;
  }
  return [
    ...imported,
    `Demo logins (password for all: ${DEMO_PASSWORD}):`,
    ...DEMO_ACCOUNTS.map((a) => `  ${a.label.padEnd(20)} ${a.email}`),
  ];
}
