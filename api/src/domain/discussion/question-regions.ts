/**
 * Ask a specialist addressed to a region (#16 point 1). A physician's region is on their
 * credential (identity side, free text as they typed it); the pseudonymous side never stores it.
 * To route a question, the API reads the VERIFIED credentials of the specialty, country and region
 * and derives their pseudonyms' keys in memory (the HMAC that finds a viewer's own pseudonym);
 * the fan-out matches pseudonyms by those keys. Nothing maps a pseudonym to a region at rest,
 * except the notifications a region-addressed question writes, and those only to at least k
 * recipients (docs/ask-a-specialist.md, "Regions").
 */
import { Prisma } from '@consilium/db';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { pseudonymKey } from '../pseudonyms.ts';
import { viewerPseudonym } from './actor.ts';

type Routing = Pick<Context, 'db' | 'env' | 'viewer'>;

/** The addressees' region of a question, with the keys of the pseudonyms that practise there. */
export interface RegionAddress {
  name: string;
  /** Hex HMAC keys of the region's verified physicians of the specialty and country. */
  keys: string[];
  /** Fewer recipients than this and the question is refused (REPORT_K). */
  k: number;
}

const hexKey = (secret: string, accountId: string) => Buffer.from(pseudonymKey(secret, accountId)).toString('hex');

/** The keys of the verified physicians of a specialty, country and region (in memory only). */
export async function regionAddress(ctx: Routing, specialty: string, country: string, region: string): Promise<RegionAddress> {
  const rows = await ctx.db.credential.findMany({ where: { status: 'VERIFIED', specialty, country, region }, select: { accountId: true } });
  return { name: region, keys: rows.map((r) => hexKey(ctx.env.PSEUDONYM_SECRET, r.accountId)), k: ctx.env.REPORT_K };
}

/** The fan-out's condition for a region: the pseudonym is one of the region's (one statement still). */
export function inRegion(region: RegionAddress | null | undefined): Prisma.Sql {
  return region ? Prisma.sql`AND p.key IN (SELECT decode(h, 'hex') FROM unnest(${region.keys}::text[]) h)` : Prisma.empty;
}

/**
 * Who a question to a specialty (and optionally a country) reaches: the opted-in, unsuspended
 * pseudonyms of that specialty, the asker aside. The fan-out and the region list share it, so the
 * list's "reachable" counts exactly whom the question would notify.
 */
export function reachedSpecialists(specialty: string, country: string | null, askerId: string): Prisma.Sql {
  return Prisma.sql`s.specialty = ${specialty} AND s.opted_in AND p.specialty = ${specialty} AND NOT p.suspended
      AND p.id <> ${askerId}::uuid
      AND (${country}::text IS NULL OR p.country = ${country}::text)`;
}

/** Refuses (rolling back the question) a region-addressed question that would reach fewer than k. */
export function checkRegionReach(region: RegionAddress | null | undefined, notified: number): void {
  if (region && notified < region.k) {
    throw badInput('region', 'too_few_recipients', `region: fewer than ${region.k} specialists who take questions practise in ${region.name}; address the question to the whole country.`);
  }
}

export interface RegionChoice {
  name: string;
  /** At least k opted-in specialists (other than the viewer) would be notified. */
  reachable: boolean;
}

/**
 * The regions a question to a specialty in a country may be addressed to: the regions of that
 * specialty's verified credentials in that country that at least k of them share (a region typed
 * by fewer is a fingerprint, not a crowd), each saying whether at least k opted-in specialists,
 * the viewer aside, would be notified there.
 */
export async function regionChoices(ctx: Routing, specialty: string, country: string): Promise<RegionChoice[]> {
  const k = ctx.env.REPORT_K;
  const rows = await ctx.db.credential.findMany({ where: { status: 'VERIFIED', specialty, country, region: { not: null } }, select: { accountId: true, region: true } });
  const byRegion = new Map<string, string[]>();
  for (const r of rows) {
    const accounts = byRegion.get(r.region!);
    if (accounts) accounts.push(r.accountId);
    else byRegion.set(r.region!, [r.accountId]);
  }
  const listed = [...byRegion].filter(([, accounts]) => accounts.length >= k);
  if (listed.length === 0) return [];
  const regionOf = new Map<string, string>();
  for (const [name, accounts] of listed) for (const a of accounts) regionOf.set(hexKey(ctx.env.PSEUDONYM_SECRET, a), name);
  const me = await viewerPseudonym(ctx);
  const reached = await ctx.db.$queryRaw<Array<{ key: string }>>`
    SELECT encode(p.key, 'hex') AS key FROM specialist_availability s JOIN pseudonym p ON p.id = s.pseudonym_id
    WHERE ${reachedSpecialists(specialty, country, me?.id ?? '00000000-0000-0000-0000-000000000000')}
      AND p.key IN (SELECT decode(h, 'hex') FROM unnest(${[...regionOf.keys()]}::text[]) h)`;
  const counts = new Map<string, number>();
  for (const { key } of reached) counts.set(regionOf.get(key)!, (counts.get(regionOf.get(key)!) ?? 0) + 1);
  return listed
    .map(([name]) => ({ name, reachable: (counts.get(name) ?? 0) >= k }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
