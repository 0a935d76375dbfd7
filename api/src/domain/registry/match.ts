/** Compares a submitted licence with the ACTIVE import of its registry. */
import { specialtyFromRegistryCode, type Db } from '@consilium/db';
import { normaliseLicenseNumber } from '../licence.ts';

export interface RegistryMatch {
  /** The import read, or null when the registry has none (or is not imported at all). */
  importId: string | null;
  extractDate: Date | null;
  found: boolean;
  /** "First LAST" as the registry writes the person. */
  nameOnRegistry: string | null;
  /** The registry's own specialty label(s), distinct ones joined with " / ". */
  specialtyOnRegistry: string | null;
  /** Some entry's specialty code stands for the submitted specialty. */
  agrees: boolean;
}

export interface MatchInput {
  registry: string;
  licenseNumber: string;
  specialty: string;
}

interface MatchRow {
  importId: string;
  extractDate: Date | null;
  firstName: string | null;
  lastName: string | null;
  code: string | null;
  label: string | null;
  found: boolean;
}

const IMPORTED = new Set(['RPPS', 'NPI']);

/** NPPES writes first names in capitals; "JEAN-PIERRE" reads better as "Jean-Pierre". */
function firstNameCase(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());
}

export function distinct(values: Array<string | null>): string | null {
  const kept = [...new Set(values.filter((v): v is string => !!v))];
  return kept.length > 0 ? kept.join(' / ') : null;
}

export function displayName(row: Pick<MatchRow, 'firstName' | 'lastName'>): string | null {
  const name = [row.firstName ? firstNameCase(row.firstName) : null, row.lastName?.toUpperCase() ?? null].filter(Boolean).join(' ');
  return name === '' ? null : name;
}

/**
 * One indexed statement: the ACTIVE import (registry, status) and that licence's entries in it
 * (import_id, identifier). No row means no ACTIVE import; a row with found = false, no entry.
 */
export async function matchCredential(db: Pick<Db, '$queryRaw'>, input: MatchInput): Promise<RegistryMatch> {
  const none: RegistryMatch = { importId: null, extractDate: null, found: false, nameOnRegistry: null, specialtyOnRegistry: null, agrees: false };
  if (!IMPORTED.has(input.registry)) return none;
  const identifier = normaliseLicenseNumber(input.licenseNumber);
  const rows = await db.$queryRaw<MatchRow[]>`
    SELECT i.id::text AS "importId", i.extract_date AS "extractDate", e.first_name AS "firstName", e.last_name AS "lastName",
           e.specialty_code AS "code", e.specialty_label AS "label", e.id IS NOT NULL AS "found"
    FROM registry_import i
    LEFT JOIN registry_entry e ON e.import_id = i.id AND e.identifier = ${identifier}
    WHERE i.registry = ${input.registry} AND i.status = 'ACTIVE'
    ORDER BY e.id`;
  const first = rows[0];
  if (!first) return none;
  const entries = rows.filter((r) => r.found);
  return {
    importId: first.importId,
    extractDate: first.extractDate,
    found: entries.length > 0,
    nameOnRegistry: distinct(entries.map(displayName)),
    specialtyOnRegistry: distinct(entries.map((r) => r.label ?? r.code)),
    agrees: entries.some((r) => specialtyFromRegistryCode(input.registry, r.code) === input.specialty),
  };
}
