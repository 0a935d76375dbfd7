/**
 * When a new extract becomes a registry's ACTIVE import, every VERIFIED credential of that
 * registry is held against it: one that it no longer lists, or lists with another specialty,
 * goes to the admins' re-verification queue with what the registry says now (the evidence; what
 * it said before stays in registry_*). A credential the admin approved although the registry
 * did not list it (or disagreed) is not queued again for the same reason.
 */
import { specialtyFromRegistryCode } from '@consilium/db';
import type { ReverifyReason } from '@consilium/jobs/reverification';
import type pg from 'pg';
import { displayName, distinct } from './match.ts';

interface Row {
  id: string;
  specialty: string;
  checkedBefore: boolean;
  foundBefore: boolean;
  agreedBefore: boolean;
  found: boolean;
  firstName: string | null;
  lastName: string | null;
  code: string | null;
  label: string | null;
}

interface Change {
  id: string;
  reason: ReverifyReason;
  found: boolean;
  name: string | null;
  specialty: string | null;
}

function changeOf(registry: string, entries: Row[]): Change | null {
  const first = entries[0]!;
  const listed = entries.filter((e) => e.found);
  const evidence = { id: first.id, found: listed.length > 0, name: distinct(listed.map(displayName)), specialty: distinct(listed.map((e) => e.label ?? e.code)) };
  if (listed.length === 0) return first.foundBefore || !first.checkedBefore ? { ...evidence, reason: 'REGISTRY_MISSING' } : null;
  const agrees = listed.some((e) => specialtyFromRegistryCode(registry, e.code) === first.specialty);
  if (agrees) return null;
  return first.agreedBefore || !first.checkedBefore ? { ...evidence, reason: 'REGISTRY_SPECIALTY' } : null;
}

/** Runs on the importer's connection inside the transaction that activates `importId`; returns what it queued. */
export async function queueRegistryChanges(client: pg.Client, registry: string, importId: string): Promise<Array<{ id: string; reason: ReverifyReason }>> {
  const { rows } = await client.query<Row>(
    `SELECT c.id, c.specialty, c.registry_import_id IS NOT NULL AS "checkedBefore", c.registry_found AS "foundBefore",
            c.registry_agrees AS "agreedBefore", e.id IS NOT NULL AS found, e.first_name AS "firstName", e.last_name AS "lastName",
            e.specialty_code AS code, e.specialty_label AS label
     FROM credential c LEFT JOIN registry_entry e ON e.import_id = $1 AND e.identifier = c.license_number
     WHERE c.registry = $2 AND c.status = 'VERIFIED' AND c.reverify_reason IS NULL
     ORDER BY c.id, e.id`,
    [importId, registry],
  );
  const byCredential = new Map<string, Row[]>();
  for (const row of rows) byCredential.set(row.id, [...(byCredential.get(row.id) ?? []), row]);
  const changes = [...byCredential.values()].map((entries) => changeOf(registry, entries)).filter((c): c is Change => c !== null);
  if (changes.length === 0) return [];
  const { rows: queued } = await client.query<{ id: string; reason: ReverifyReason }>(
    `UPDATE credential c SET reverify_reason = v.reason::"ReverifyReason", reverify_requested_at = now(), reverify_note = NULL,
            reverify_import_id = $1, reverify_registry_found = v.found, reverify_registry_name = v.name, reverify_registry_specialty = v.specialty
     FROM unnest($2::uuid[], $3::text[], $4::boolean[], $5::text[], $6::text[]) AS v(id, reason, found, name, specialty)
     WHERE c.id = v.id AND c.status = 'VERIFIED' AND c.reverify_reason IS NULL
     RETURNING c.id::text AS id, c.reverify_reason::text AS reason`,
    [importId, changes.map((c) => c.id), changes.map((c) => c.reason), changes.map((c) => c.found), changes.map((c) => c.name), changes.map((c) => c.specialty)],
  );
  return queued;
}
