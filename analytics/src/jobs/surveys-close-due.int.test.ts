import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/harness.ts';
import { runJob } from './registry.ts';

const HOUR = 3_600_000;
const t = useTestDatabase();

type Status = 'DRAFT' | 'SUBMITTED' | 'OPEN' | 'CLOSED' | 'REJECTED';

/** Surveys of one client organisation, each in a state and with a closing date (ms from now, or none). */
async function surveys(specs: Array<[Status, number | null]>) {
  const org = await t.db.organization.create({ data: { name: 'Agence' } });
  const client = await t.db.account.create({ data: { email: `${randomUUID()}@example.test`, passwordHash: 'x', role: 'CLIENT', organizationId: org.id } });
  const made = [];
  for (const [status, closesIn] of specs) {
    made.push(
      await t.db.survey.create({
        data: {
          organizationId: org.id, createdById: client.id, title: 'Due', description: '', status, sampleSize: 10, honorariumCents: 0,
          targetSpecialties: [], targetCountries: [], targetRegions: [],
          closesAt: closesIn === null ? null : new Date(Date.now() + closesIn), closedAt: status === 'CLOSED' ? new Date(Date.now() - 2 * HOUR) : null,
        },
      }),
    );
  }
  return made;
}

async function rows(ids: string[]) {
  const found = await t.db.survey.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, closedAt: true } });
  return ids.map((id) => found.find((s) => s.id === id)!);
}

describe('surveys:close-due', () => {
  it('closes the OPEN surveys past their closing date, at that date, and leaves every other one; a second run changes nothing', async () => {
    const [due, longDue, future, undated, draft, submitted, closed, rejected] = await surveys([
      ['OPEN', -1_000], ['OPEN', -30 * HOUR], ['OPEN', HOUR], ['OPEN', null],
      ['DRAFT', -HOUR], ['SUBMITTED', -HOUR], ['CLOSED', -HOUR], ['REJECTED', -HOUR],
    ]);
    const all = [due, longDue, future, undated, draft, submitted, closed, rejected].map((s) => s!.id);
    const before = await rows(all);

    expect(await runJob('surveys:close-due', {}, t.deps)).toEqual({ closed: 2 });
    const after = await rows(all);
    expect(after.map((s) => s.status)).toEqual(['CLOSED', 'CLOSED', 'OPEN', 'OPEN', 'DRAFT', 'SUBMITTED', 'CLOSED', 'REJECTED']);
    // Recorded as closed when their date passed, so that a late sweep does not lengthen the answers' grace period.
    expect(after[0]!.closedAt).toEqual(due!.closesAt);
    expect(after[1]!.closedAt).toEqual(longDue!.closesAt);
    expect(after.slice(2)).toEqual(before.slice(2));

    expect(await runJob('surveys:close-due', {}, t.deps)).toEqual({ closed: 0 });
    expect(await rows(all)).toEqual(after);
  });

  it('takes no payload fields but refuses a malformed payload', async () => {
    await expect(runJob('surveys:close-due', null, t.deps)).rejects.toThrow(/invalid payload for "surveys:close-due"/);
  });
});
