/**
 * Who may read which survey, as Prisma conditions: the owning client's organisation, admins,
 * and verified physicians for the OPEN surveys whose targeting takes in their credential (and
 * those closed within the grace period, when tokens already taken may still be spent).
 * A survey outside the condition is answered exactly as one that does not exist.
 */
import type { Prisma } from '@consilium/db';
import type { Context } from '../../context.ts';
import { isTargeted, type SegmentSource, type Targeting, yearsInPractice } from '@consilium/db/segments';

export type EligibilitySource = SegmentSource & { region: string | null };

const credentials = new WeakMap<Context, Promise<EligibilitySource | null>>();

/** The viewer's VERIFIED credential, read once per request; null for anyone else. */
export function verifiedCredentialOf(ctx: Context): Promise<EligibilitySource | null> {
  const viewer = ctx.viewer;
  if (viewer?.role !== 'PHYSICIAN' || viewer.verification !== 'VERIFIED') return Promise.resolve(null);
  let credential = credentials.get(ctx);
  if (!credential) {
    credential = ctx.db.credential.findFirst({
      where: { accountId: viewer.accountId, status: 'VERIFIED' },
      select: { specialty: true, country: true, region: true, practiceStartYear: true },
    });
    credentials.set(ctx, credential);
  }
  return credential;
}

/** Whether a physician with this verified credential may take this survey. */
export function isEligible(survey: Targeting & { status: string }, credential: EligibilitySource, now = new Date()): boolean {
  return survey.status === 'OPEN' && isTargeted(survey, credential, now);
}

/** The OPEN surveys whose targeting takes in this credential: `isEligible` as a filter. */
export function eligibleSurveys(credential: EligibilitySource, now = new Date()): Prisma.SurveyWhereInput {
  const listed = (value: string | null) => (value === null ? [{ isEmpty: true }] : [{ isEmpty: true }, { has: value }]);
  return {
    status: 'OPEN',
    AND: [
      { OR: listed(credential.specialty).map((targetSpecialties) => ({ targetSpecialties })) },
      { OR: listed(credential.country).map((targetCountries) => ({ targetCountries })) },
      { OR: listed(credential.region).map((targetRegions) => ({ targetRegions })) },
      { OR: [{ minYearsInPractice: null }, { minYearsInPractice: { lte: yearsInPractice(credential.practiceStartYear, now) } }] },
    ],
  };
}

/** The surveys the viewer may read, or null when there are none. */
export async function readableSurveys(ctx: Context): Promise<Prisma.SurveyWhereInput | null> {
  const viewer = ctx.viewer;
  if (viewer?.role === 'ADMIN') return {};
  if (viewer?.role === 'CLIENT') return viewer.organizationId ? { organizationId: viewer.organizationId } : null;
  const credential = await verifiedCredentialOf(ctx);
  if (!credential) return null;
  // A physician holding a token may still answer during the grace period after closing, so the
  // questions stay readable that long.
  const { status: _open, ...targeted } = eligibleSurveys(credential);
  const graceStart = new Date(Date.now() - ctx.env.SURVEY_GRACE_HOURS * 3_600_000);
  return { ...targeted, OR: [{ status: 'OPEN' }, { status: 'CLOSED', closedAt: { gt: graceStart } }] };
}
