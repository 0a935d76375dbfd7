/**
 * Re-verification (issue #14, point 5): a registry import that no longer lists a verified
 * physician, or lists them with another specialty, queues their credential with the evidence;
 * an admin confirms or revokes; a revoked physician's next request is refused. Admins may also
 * ask for one; the holder sees the reason on their account and is mailed.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLicenseNumber } from '../domain/licence.ts';
import { importRegistryFile } from '../domain/registry/import.ts';
import { rppsExtract, scratchDir, type RppsRow } from '../domain/registry/testing.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { startSmtpServer } from '../test/smtp.ts';

const QUEUE = /* GraphQL */ `{
  reverificationQueue { edges { node { id licenseNumber status registryMatch { found specialtyOnRegistry }
    reverification { reason note requestedAt registryNow { found nameOnRegistry specialtyOnRegistry extractDate } } } } }
}`;
const MINE = '{ myCredential { status reverification { reason note registryNow { found } } } }';
const REVOKE = 'mutation ($id: ID!, $reason: String!) { revokeCredential(id: $id, reason: $reason) { status } }';
const CONFIRM = 'mutation ($id: ID!) { confirmReverification(id: $id) { status reverification { reason } registryMatch { found specialtyOnRegistry } } }';
const REQUEST = 'mutation ($id: ID!, $reason: String!) { requestReverification(id: $id, reason: $reason) { status reverification { reason note } } }';
const ROOMS = '{ rooms }';

interface Node {
  id: string;
  licenseNumber: string;
  status: string;
  registryMatch: { found: boolean; specialtyOnRegistry: string | null } | null;
  reverification: { reason: string; note: string | null; requestedAt: string; registryNow: { found: boolean; nameOnRegistry: string | null; specialtyOnRegistry: string | null; extractDate: string | null } | null };
}

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let admin: string;
const files = scratchDir();
const row = (licence: string, code: string, label: string, name = 'MARTIN'): RppsRow => ({
  'Identifiant PP': licence, "Nom d'exercice": name, "Prénom d'exercice": 'Claire', 'Code savoir-faire': code, 'Libellé savoir-faire': label,
});
const CARDIO = ['SM04', 'Cardiologie et maladies vasculaires'] as const;
const PAEDIATRICS = ['SM40', 'Pédiatrie'] as const;
const importRpps = (date: string, rows: RppsRow[]) =>
  importRegistryFile(t.env.DATABASE_URL, { registry: 'RPPS', file: files.write(`PS_LibreAcces_Personne_activite_${date}0000.txt`, rppsExtract(rows)) });

async function queue(): Promise<Node[]> {
  const res = await t.gql<{ reverificationQueue: { edges: Array<{ node: Node }> } }>(QUEUE, {}, { token: admin });
  expect(res.errors).toBeUndefined();
  return res.data!.reverificationQueue.edges.map((e) => e.node);
}

/** A verified cardiologist whose credential was matched against the import active at the time. */
async function listedCardiologist() {
  const made = await t.make.verifiedPhysician();
  const active = await t.db.registryImport.findFirst({ where: { registry: 'RPPS', status: 'ACTIVE' } });
  await t.db.credential.update({ where: { id: made.credential.id }, data: { registryImportId: active?.id ?? null, registryFound: true, registryAgrees: true, registrySpecialty: CARDIO[1], registryName: 'Claire MARTIN' } });
  return made;
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ RATE_LIMIT_SCALE: '100', SMTP_URL: smtp.url, WEB_URL: 'https://consilium.example' });
  admin = (await t.make.admin()).token;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
  rmSync(files.dir, { recursive: true, force: true });
});

describe('a registry import that changes its word on a verified physician', () => {
  it('queues the one no longer listed and the one listed with another specialty, with before/now evidence; the others stay out', async () => {
    await importRpps('20261101', []);
    const gone = await listedCardiologist();
    const moved = await listedCardiologist();
    const kept = await listedCardiologist();
    const pending = await t.make.pendingPhysician();

    const result = await importRpps('20261201', [row(moved.credential.licenseNumber, ...PAEDIATRICS, 'DURAND'), row(kept.credential.licenseNumber, ...CARDIO)]);
    expect(result.reverify.map((r) => [r.id, r.reason]).sort()).toEqual(
      [[gone.credential.id, 'REGISTRY_MISSING'], [moved.credential.id, 'REGISTRY_SPECIALTY']].sort(),
    );

    const nodes = await queue();
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect([...byId.keys()].sort()).toEqual([gone.credential.id, moved.credential.id].sort());
    expect(byId.has(kept.credential.id) || byId.has(pending.credential.id)).toBe(false);
    expect(byId.get(gone.credential.id)).toMatchObject({
      status: 'VERIFIED',
      registryMatch: { found: true, specialtyOnRegistry: CARDIO[1] },
      reverification: { reason: 'REGISTRY_MISSING', registryNow: { found: false, nameOnRegistry: null, extractDate: '2026-12-01T00:00:00.000Z' } },
    });
    expect(byId.get(moved.credential.id)!.reverification).toMatchObject({
      reason: 'REGISTRY_SPECIALTY',
      registryNow: { found: true, nameOnRegistry: 'Claire DURAND', specialtyOnRegistry: 'Pédiatrie' },
    });

    // The holder is told: the reason on their account (never the evidence), and a mail.
    const mine = await t.gql(MINE, {}, { token: gone.token });
    expect(mine.data).toEqual({ myCredential: { status: 'VERIFIED', reverification: { reason: 'REGISTRY_MISSING', note: null, registryNow: null } } });
    // Still verified until an admin decides.
    expect((await t.gql(ROOMS, {}, { token: gone.token })).errors).toBeUndefined();

    // A second import saying the same queues nobody again.
    const again = await importRpps('20261202', [row(moved.credential.licenseNumber, ...PAEDIATRICS), row(kept.credential.licenseNumber, ...CARDIO)]);
    expect(again.reverify).toEqual([]);
  });

  it('lets the admin revoke a queued credential: the physician’s next request is refused', async () => {
    const gone = await listedCardiologist();
    await importRpps('20261203', []);
    expect((await queue()).map((n) => n.id)).toContain(gone.credential.id);
    expect((await t.gql(ROOMS, {}, { token: gone.token })).errors).toBeUndefined();

    const revoked = await t.gql(REVOKE, { id: gone.credential.id, reason: 'No longer in the RPPS' }, { token: admin });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data).toEqual({ revokeCredential: { status: 'REVOKED' } });

    const next = await t.gql(ROOMS, {}, { token: gone.token });
    expect(next.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(next.data).toBeNull();
    expect((await queue()).map((n) => n.id)).not.toContain(gone.credential.id);
    expect(await t.db.auditEntry.count({ where: { targetId: gone.credential.id, action: 'credential.revoke' } })).toBe(1);
  });

  it('lets the admin confirm a queued credential: it leaves the queue, stays verified and takes the registry’s new word', async () => {
    const moved = await listedCardiologist();
    await importRpps('20261204', [row(moved.credential.licenseNumber, ...PAEDIATRICS)]);
    const res = await t.gql(CONFIRM, { id: moved.credential.id }, { token: admin });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ confirmReverification: { status: 'VERIFIED', reverification: null, registryMatch: { found: true, specialtyOnRegistry: 'Pédiatrie' } } });
    expect((await queue()).map((n) => n.id)).not.toContain(moved.credential.id);
    expect((await t.gql(ROOMS, {}, { token: moved.token })).errors).toBeUndefined();
    // The admin accepted the registry's specialty: the same extract again does not queue it.
    expect((await importRpps('20261205', [row(moved.credential.licenseNumber, ...PAEDIATRICS)])).reverify.map((r) => r.id)).not.toContain(moved.credential.id);

    const twice = await t.gql(CONFIRM, { id: moved.credential.id }, { token: admin });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'wrong_state' });
  });
});

describe('an admin’s request', () => {
  it('queues a verified credential with the admin’s reason, tells the holder in-app and by mail, and audits it', async () => {
    const physician = await t.make.verifiedPhysician();
    await t.db.account.update({ where: { id: physician.account.id }, data: { language: 'en' } });
    const before = t.logLines.length;
    const res = await t.gql(REQUEST, { id: physician.credential.id, reason: 'Licence number reported as shared' }, { token: admin });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ requestReverification: { status: 'VERIFIED', reverification: { reason: 'ADMIN_REQUEST', note: 'Licence number reported as shared' } } });

    const node = (await queue()).find((n) => n.id === physician.credential.id)!;
    expect(node.reverification).toMatchObject({ reason: 'ADMIN_REQUEST', registryNow: null });
    const mine = await t.gql(MINE, {}, { token: physician.token });
    expect(mine.data).toEqual({ myCredential: { status: 'VERIFIED', reverification: { reason: 'ADMIN_REQUEST', note: null, registryNow: null } } });
    expect(await t.db.auditEntry.count({ where: { targetId: physician.credential.id, action: 'credential.reverify.request' } })).toBe(1);

    // The mail, in the account's language, links to the credential page; the log says its kind and the account, never the address.
    const mail = await smtp.next(physician.account.email);
    expect(mail.subject).toBe('Your medical credential is being re-verified');
    expect(mail.text).toContain('an administrator asked for it');
    expect(mail.text).toContain('https://consilium.example/credential');
    expect(mail.text).not.toContain('Licence number reported as shared');
    const mailed = t.logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.mail === 'credential.reverify');
    expect(mailed).toHaveLength(1);
    expect(mailed[0]!.accountId).toBe(physician.account.id);
    expect(t.logLines.slice(before).join('\n')).not.toContain(physician.account.email);
  });

  it('refuses what is not a verified credential out of the queue, and writes nothing', async () => {
    const pending = await t.make.pendingPhysician();
    const queued = await t.make.verifiedPhysician();
    await t.gql(REQUEST, { id: queued.credential.id, reason: 'first' }, { token: admin });
    const audits = await t.db.auditEntry.count();
    for (const [id, reason] of [[pending.credential.id, 'wrong_state'], [queued.credential.id, 'wrong_state'], ['00000000-0000-4000-8000-000000000000', 'not_found']] as const) {
      const res = await t.gql(REQUEST, { id, reason: 'again' }, { token: admin });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason });
    }
    const blank = await t.gql(REQUEST, { id: queued.credential.id, reason: '  ' }, { token: admin });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await t.db.auditEntry.count()).toBe(audits);
    expect(await t.db.credential.findUnique({ where: { id: queued.credential.id }, select: { reverifyNote: true } })).toEqual({ reverifyNote: 'first' });
  });
});

describe('privacy', () => {
  it('queues and confirms without writing a notification (which would tie the account to its pseudonym)', async () => {
    const physician = await t.make.verifiedPhysician();
    const before = await t.db.notification.count();
    await t.gql(REQUEST, { id: physician.credential.id, reason: 'check' }, { token: admin });
    await t.gql(CONFIRM, { id: physician.credential.id }, { token: admin });
    expect(await t.db.notification.count()).toBe(before);
  });

  it('leaves no pseudonym-side row in the transaction of a request or a confirmation (xmin attack)', async () => {
    const physician = await t.make.verifiedPhysician();
    const shared = async () => {
      const [row] = await t.db.$queryRaw<Array<{ n: bigint }>>`
        SELECT (SELECT count(*) FROM pseudonym p WHERE p.xmin = c.xmin) + (SELECT count(*) FROM notification n WHERE n.xmin = c.xmin)
             + (SELECT count(*) FROM post WHERE post.xmin = c.xmin) AS n
        FROM credential c WHERE c.id = ${physician.credential.id}::uuid`;
      return Number(row!.n);
    };
    await t.gql(REQUEST, { id: physician.credential.id, reason: 'check' }, { token: admin });
    expect(await shared()).toBe(0);
    await t.gql(CONFIRM, { id: physician.credential.id }, { token: admin });
    expect(await shared()).toBe(0);
  });
});
