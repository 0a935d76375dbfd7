import { describe, expect, it } from 'vitest';
import type { MailMessage } from '@consilium/jobs/reverification';
import { factories, useTestDatabase } from '../test/harness.ts';
import { runJob } from './registry.ts';

const DAY = 86_400_000;
const t = useTestDatabase();
const make = factories(() => t.db);

async function credential(status: 'VERIFIED' | 'PENDING', decidedDaysAgo: number) {
  const account = await make.account();
  return t.db.credential.create({
    data: {
      accountId: account.id, country: 'FR', registry: 'RPPS', licenseNumber: String(10_000_000_000 + Math.floor(Math.random() * 1e9)),
      specialty: 'cardiology', practiceStartYear: 2000, status, decidedAt: new Date(Date.now() - decidedDaysAgo * DAY),
    },
    include: { account: true },
  });
}

describe('credentials:reverify-due', () => {
  it('queues verifications older than REVERIFY_AFTER_DAYS, mails their holders once, and a second run changes nothing', async () => {
    const old = await credential('VERIFIED', 31);
    const recent = await credential('VERIFIED', 29);
    const pending = await credential('PENDING', 400);
    const mails: Array<MailMessage & { accountId: string }> = [];
    const deps = { ...t.deps, reverifyAfterDays: 30, sendMail: async (m: MailMessage & { accountId: string }) => void mails.push(m) };

    expect(await runJob('credentials:reverify-due', {}, deps)).toEqual({ queued: 1 });
    const rows = await t.db.credential.findMany({ where: { id: { in: [old.id, recent.id, pending.id] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(old.id)).toMatchObject({ status: 'VERIFIED', reverifyReason: 'AGE' });
    expect(byId.get(old.id)!.reverifyRequestedAt).toBeInstanceOf(Date);
    expect(byId.get(recent.id)!.reverifyReason).toBeNull();
    expect(byId.get(pending.id)!.reverifyReason).toBeNull();
    expect(mails.map((m) => [m.to, m.accountId, m.kind])).toEqual([[old.account.email, old.accountId, 'credential.reverify']]);
    expect(mails[0]!.text).toContain('re-verified');
    expect(mails[0]!.text).toContain('vérification');

    expect(await runJob('credentials:reverify-due', {}, deps)).toEqual({ queued: 0 });
    expect(mails).toHaveLength(1);
  });

  it('takes three years by default', async () => {
    const twoYears = await credential('VERIFIED', 730);
    const fourYears = await credential('VERIFIED', 1460);
    await runJob('credentials:reverify-due', {}, { ...t.deps, sendMail: async () => {} });
    const queued = await t.db.credential.findMany({ where: { id: { in: [twoYears.id, fourYears.id] }, reverifyReason: 'AGE' }, select: { id: true } });
    expect(queued).toEqual([{ id: fourYears.id }]);
  });
});
