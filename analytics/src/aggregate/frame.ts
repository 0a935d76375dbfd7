/**
 * The physician population frame a report's weights are calibrated to: counts by specialty ×
 * country, read at report time and stored in the report (counts only). From the imported
 * registries (RPPS: France, NPI: United States; each physician counted once per specialty, by
 * distinct identifier, when the extract became ACTIVE) when one covers a country the survey
 * reached; otherwise from the verified members (credentials VERIFIED). Restricted to the survey's
 * targeted specialties and countries.
 */
import { SPECIALTIES, specialtyFromRegistryCode, type Prisma } from '@consilium/db';
import type { ReportFrame } from '@consilium/jobs/report-result';

type Tx = Prisma.TransactionClient;

/** The country each registry covers. */
export const REGISTRY_COUNTRY: Readonly<Record<string, string>> = { RPPS: 'FR', NPI: 'US' };

/**
 * `countries`: the countries of the survey's respondents (from their segments), used to decide
 * whether a registry covers the survey.
 */
export async function frameOf(tx: Tx, surveyId: string, countries: ReadonlySet<string>): Promise<ReportFrame | null> {
  const { targetSpecialties, targetCountries } = await tx.survey.findUniqueOrThrow({ where: { id: surveyId }, select: { targetSpecialties: true, targetCountries: true } });
  const specialties = new Set(targetSpecialties.length > 0 ? targetSpecialties : SPECIALTIES.map((s) => s.code));
  const inScope = (specialty: string, country: string) => specialties.has(specialty) && (targetCountries.length === 0 || targetCountries.includes(country));

  // The newest ACTIVE import of each registry: an extract counts once, however many were loaded.
  const active = await tx.registryImport.findMany({ where: { status: 'ACTIVE' }, orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }], select: { id: true, registry: true, extractDate: true, finishedAt: true } });
  const imports = active.filter((i, n) => active.findIndex((j) => j.registry === i.registry) === n);
  const covering = imports.filter((i) => REGISTRY_COUNTRY[i.registry] !== undefined && countries.has(REGISTRY_COUNTRY[i.registry]!) && (targetCountries.length === 0 || targetCountries.includes(REGISTRY_COUNTRY[i.registry]!)));
  if (covering.length > 0) {
    const cells = new Map<string, number>();
    // Counted once per extract when it became ACTIVE (registry_specialty_count), not at each build.
    const counted = await tx.registrySpecialtyCount.findMany({ where: { importId: { in: covering.map((i) => i.id) } }, select: { importId: true, specialtyCode: true, count: true } });
    for (const registry of covering) {
      const country = REGISTRY_COUNTRY[registry.registry]!;
      for (const { specialtyCode, count } of counted.filter((c) => c.importId === registry.id)) {
        const specialty = specialtyFromRegistryCode(registry.registry, specialtyCode);
        if (!specialty || !inScope(specialty, country)) continue;
        const key = `${specialty}|${country}`;
        cells.set(key, (cells.get(key) ?? 0) + count);
      }
    }
    if (cells.size > 0) {
      const dates = covering.map((i) => (i.extractDate ?? i.finishedAt ?? new Date()).toISOString().slice(0, 10)).sort();
      return {
        source: 'REGISTRY',
        registries: covering.map((i) => i.registry).sort(),
        date: dates[dates.length - 1]!,
        cells: [...cells].sort().map(([key, count]) => ({ specialty: key.split('|')[0]!, country: key.split('|')[1]!, count })),
      };
    }
  }
  const members = await tx.$queryRaw<Array<{ specialty: string; country: string; count: number }>>`
    SELECT specialty, country, count(*)::int AS count FROM credential WHERE status = 'VERIFIED'
    GROUP BY specialty, country ORDER BY specialty, country`;
  const cells = members.filter((m) => inScope(m.specialty, m.country));
  if (cells.length === 0) return null;
  return { source: 'MEMBERS', registries: [], date: new Date().toISOString().slice(0, 10), cells };
}
