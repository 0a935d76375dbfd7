/**
 * Segments and eligibility. A segment is the coarse, verified group an answer is reported
 * under — "specialty|country|band of years in practice" — coarse enough to be a crowd.
 */
import type { Prisma } from './generated/prisma/client.ts';
import { YEAR_BANDS } from './year-bands.ts';

export interface SegmentSource {
  specialty: string;
  country: string;
  practiceStartYear: number;
}

export function yearsInPractice(practiceStartYear: number, now = new Date()): number {
  return Math.max(0, now.getUTCFullYear() - practiceStartYear);
}

export function yearBand(years: number): string {
  return YEAR_BANDS.find((b) => years >= b.from && years <= b.to)!.label;
}

export function segmentOf(credential: SegmentSource, now = new Date()): string {
  return `${credential.specialty}|${credential.country}|${yearBand(yearsInPractice(credential.practiceStartYear, now))}`;
}

export interface Targeting {
  targetSpecialties: string[];
  targetCountries: string[];
  targetRegions: string[];
  minYearsInPractice: number | null;
}

/** Whether a verified credential falls inside a survey's targeting (empty lists mean any). */
export function isTargeted(survey: Targeting, credential: SegmentSource & { region: string | null }, now = new Date()): boolean {
  const inList = (list: string[], value: string | null) => list.length === 0 || (value !== null && list.includes(value));
  return (
    inList(survey.targetSpecialties, credential.specialty) &&
    inList(survey.targetCountries, credential.country) &&
    inList(survey.targetRegions, credential.region) &&
    (survey.minYearsInPractice === null || yearsInPractice(credential.practiceStartYear, now) >= survey.minYearsInPractice)
  );
}

/** The same targeting as a Prisma filter on VERIFIED credentials (reach counts). */
export function targetedCredentials(survey: Targeting, now = new Date()): Prisma.CredentialWhereInput {
  return {
    status: 'VERIFIED',
    ...(survey.targetSpecialties.length > 0 && { specialty: { in: survey.targetSpecialties } }),
    ...(survey.targetCountries.length > 0 && { country: { in: survey.targetCountries } }),
    ...(survey.targetRegions.length > 0 && { region: { in: survey.targetRegions } }),
    ...(survey.minYearsInPractice !== null && { practiceStartYear: { lte: now.getUTCFullYear() - survey.minYearsInPractice } }),
  };
}
