/**
 * Demo honoraria: the verified demo physician was paid for the closed demo surveys, so that their
 * honoraria page shows a ledger (as redeeming a survey receipt would have credited it).
 */
import type { Db } from '@consilium/db';

export async function seedDemoHonoraria(db: Db, email: string): Promise<string> {
  const physician = await db.account.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const surveys = await db.survey.findMany({ where: { status: 'CLOSED' }, select: { id: true, honorariumCents: true, closedAt: true }, orderBy: { closedAt: 'asc' } });
  for (const survey of surveys) {
    await db.honorariumEntry.create({
      data: { accountId: physician.id, surveyId: survey.id, amountCents: survey.honorariumCents, createdAt: survey.closedAt ?? new Date() },
    });
  }
  return `Demo honoraria: ${surveys.length} entries for ${email}`;
}
