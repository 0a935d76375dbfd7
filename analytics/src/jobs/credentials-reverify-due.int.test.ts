import { createHmac, randomUUID } from 'node:crypto';
import { createMailer, sendMailNow } from '@consilium/jobs/mail';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The API's loopback SMTP server: the worker mails through the same transport, tested the same way.
import { startSmtpServer } from '../../../api/src/test/smtp.ts';
import { factories, useTestDatabase } from '../test/harness.ts';
import { runJob } from './registry.ts';

const DAY = 86_400_000;
const WEB_URL = 'http://consilium.example';
const t = useTestDatabase();
const make = factories(() => t.db);
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let mailer: ReturnType<typeof createMailer>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = createMailer({ SMTP_URL: smtp.url, MAIL_FROM: 'Consilium <no-reply@consilium.test>' }, pino({ level: 'silent' }));
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
});

const depsWithMail = (reverifyAfterDays?: number) => ({ ...t.deps, reverifyAfterDays, mail: { sendMail: sendMailNow(mailer, t.deps.log), webUrl: WEB_URL } });

async function credential(status: 'VERIFIED' | 'PENDING', decidedDaysAgo: number, language: 'fr' | 'en' = 'fr') {
  const account = await make.account({ language });
  return t.db.credential.create({
    data: {
      accountId: account.id, country: 'FR', registry: 'RPPS', licenseNumber: String(10_000_000_000 + Math.floor(Math.random() * 1e9)),
      specialty: 'cardiology', practiceStartYear: 2000, status, decidedAt: new Date(Date.now() - decidedDaysAgo * DAY),
    },
    include: { account: true },
  });
}

/** A pseudonym for the account, as the API would key it: what no mail may ever name. */
async function pseudonymOf(accountId: string) {
  return t.db.pseudonym.create({
    data: { key: new Uint8Array(createHmac('sha256', 'test-pseudonym-secret').update(accountId).digest()), handle: `Cardio-${randomUUID().slice(0, 8)}`, specialty: 'cardiology', country: 'FR' },
  });
}

describe('credentials:reverify-due', () => {
  it('queues verifications older than REVERIFY_AFTER_DAYS, mails each holder once through SMTP, and a second run changes nothing', async () => {
    const old = await credential('VERIFIED', 31);
    const recent = await credential('VERIFIED', 29);
    const pending = await credential('PENDING', 400);
    const deps = depsWithMail(30);

    expect(await runJob('credentials:reverify-due', {}, deps)).toEqual({ queued: 1 });
    const rows = await t.db.credential.findMany({ where: { id: { in: [old.id, recent.id, pending.id] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(old.id)).toMatchObject({ status: 'VERIFIED', reverifyReason: 'AGE' });
    expect(byId.get(old.id)!.reverifyRequestedAt).toBeInstanceOf(Date);
    expect(byId.get(recent.id)!.reverifyReason).toBeNull();
    expect(byId.get(pending.id)!.reverifyReason).toBeNull();
    // The job sends before it ends: the mail is already at the server.
    expect(smtp.received.map((m) => m.to)).toEqual([old.account.email]);
    const mail = await smtp.next(old.account.email);
    expect(mail.from).toContain('no-reply@consilium.test');
    expect(mail.text).toContain('nouvelle vérification');
    expect(mail.text).toContain(`${WEB_URL}/credential`);

    expect(await runJob('credentials:reverify-due', {}, deps)).toEqual({ queued: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it('writes to each physician in their account’s language, and names nothing of their pseudonym', async () => {
    const french = await credential('VERIFIED', 2000, 'fr');
    const english = await credential('VERIFIED', 2000, 'en');
    const pseudonyms = await Promise.all([pseudonymOf(french.accountId), pseudonymOf(english.accountId)]);
    expect(await runJob('credentials:reverify-due', {}, depsWithMail())).toEqual({ queued: 2 });

    const [fr, en] = [await smtp.next(french.account.email), await smtp.next(english.account.email)];
    expect(fr.subject).toBe('Nouvelle vérification de votre justificatif d’exercice');
    expect(fr.text).toMatch(/^Bonjour,/);
    expect(fr.text).not.toMatch(/Hello|re-verified/);
    expect(en.subject).toBe('Your medical credential is being re-verified');
    expect(en.text).toMatch(/^Hello,/);
    expect(en.text).not.toMatch(/Bonjour|vérification/);
    for (const [mail, holder] of [[fr, french], [en, english]] as const) {
      // The account's own address in the envelope, nothing of the account or its pseudonym in the mail.
      expect(mail.to).toBe(holder.account.email);
      const printed = `${mail.subject}\n${mail.text}`;
      for (const p of pseudonyms) {
        expect(printed).not.toContain(p.handle);
        expect(printed).not.toContain(p.id);
      }
      for (const id of [holder.accountId, holder.id, holder.licenseNumber, holder.account.email]) expect(printed).not.toContain(id);
    }
  });

  it('takes three years by default', async () => {
    const twoYears = await credential('VERIFIED', 730);
    const fourYears = await credential('VERIFIED', 1460);
    await runJob('credentials:reverify-due', {}, depsWithMail());
    const queued = await t.db.credential.findMany({ where: { id: { in: [twoYears.id, fourYears.id] }, reverifyReason: 'AGE' }, select: { id: true } });
    expect(queued).toEqual([{ id: fourYears.id }]);
    await smtp.next(fourYears.account.email);
  });

  it('queues nothing without a mail transport: a queued credential would never be mailed', async () => {
    const old = await credential('VERIFIED', 2000);
    await expect(runJob('credentials:reverify-due', {}, t.deps)).rejects.toThrow(/mail transport/);
    expect((await t.db.credential.findUniqueOrThrow({ where: { id: old.id } })).reverifyReason).toBeNull();
  });
});
