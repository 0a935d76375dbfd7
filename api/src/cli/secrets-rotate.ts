/**
 * Rotation of the secrets that key or seal rows of the database (docs/operations.md): each
 * command moves every row from the previous secret to the current one in ONE transaction, so a
 * failure leaves the database as it was and a second run finds nothing left to do. The secrets
 * come from the environment only (a flag would sit in the shell history and in `ps`), and
 * nothing but counts is printed: no secret, no key, no account id.
 */
import { Prisma, type Db } from '@consilium/db';
import { sealPrivateKey, unsealPrivateKey } from '../domain/blind-signatures/keys.ts';
import { pseudonymKey } from '../domain/pseudonyms.ts';
import { sealSecret, unsealSecret } from '../domain/second-factor/totp.ts';
import type { Env } from '../env.ts';

type Tx = Prisma.TransactionClient;

// Long enough for every physician of a national network; the default (5 s) is for requests.
const ROTATION_TX = { maxWait: 30_000, timeout: 10 * 60_000 } as const;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export interface PseudonymRotation {
  /** Pseudonyms moved from the previous key to the new one. */
  rekeyed: number;
  /** Pseudonyms already under the new secret (a second run). */
  alreadyNew: number;
  /** Pseudonyms no account's key matches: those of deleted accounts, under random keys. */
  unmatched: number;
}

/**
 * Re-keys every pseudonym: key = HMAC(previous, account id) becomes HMAC(current, account id).
 * The mapping exists only in this process's memory and in the one UPDATE's parameters: no table
 * holds it. In the same transaction the table is rewritten (CLUSTER, as the settle sweep does),
 * so that neither the transaction ids nor the physical order follow the order of the update,
 * which is the order of the accounts. The API must be stopped meanwhile: a process still on the
 * previous secret would not find the new keys, and would make a second pseudonym on an approval.
 */
export async function rotatePseudonyms(db: Db, previous: string, current: string): Promise<PseudonymRotation> {
  if (previous === current) throw new Error('PSEUDONYM_SECRET_PREVIOUS and PSEUDONYM_SECRET are the same secret');
  return db.$transaction(async (tx) => {
    // Nothing may insert or re-key a pseudonym while the keys move (an approval, an erasure).
    await tx.$executeRaw`LOCK TABLE pseudonym IN ACCESS EXCLUSIVE MODE`;
    const accounts = await tx.account.findMany({ select: { id: true } });
    const oldKeys = accounts.map((a) => hex(pseudonymKey(previous, a.id)));
    const newKeys = accounts.map((a) => hex(pseudonymKey(current, a.id)));
    const [counts] = await tx.$queryRaw<Array<{ total: number; old: number; new: number; both: number }>>`
      WITH m AS (SELECT decode(o, 'hex') AS old_key, decode(n, 'hex') AS new_key FROM unnest(${oldKeys}::text[], ${newKeys}::text[]) AS u(o, n))
      SELECT (SELECT count(*)::int FROM pseudonym) AS total,
             (SELECT count(*)::int FROM pseudonym p JOIN m ON p.key = m.old_key) AS old,
             (SELECT count(*)::int FROM pseudonym p JOIN m ON p.key = m.new_key) AS new,
             (SELECT count(*)::int FROM m WHERE EXISTS (SELECT 1 FROM pseudonym WHERE key = m.old_key)
                                          AND EXISTS (SELECT 1 FROM pseudonym WHERE key = m.new_key)) AS both`;
    const { total, old, new: alreadyNew, both } = counts!;
    if (both > 0) {
      throw new Error(`${both} account(s) have a pseudonym under both secrets: an API process ran with the new PSEUDONYM_SECRET before the rotation; nothing was changed`);
    }
    if (old === 0 && alreadyNew === 0 && total > 0) {
      throw new Error('PSEUDONYM_SECRET_PREVIOUS keys no pseudonym of any account: is it the secret they were keyed under? Nothing was changed');
    }
    const rekeyed = await tx.$executeRaw`
      UPDATE pseudonym p SET key = decode(u.n, 'hex'), settled = true
      FROM unnest(${oldKeys}::text[], ${newKeys}::text[]) AS u(o, n)
      WHERE p.key = decode(u.o, 'hex')`;
    // Every row, the deleted accounts' too: CLUSTER keeps each row's transaction id, and all rows
    // must share this one (the settle sweep's rule), not keep one from before.
    await tx.$executeRaw`UPDATE pseudonym SET settled = true`;
    await tx.$executeRaw`CLUSTER pseudonym USING pseudonym_pkey`;
    return { rekeyed, alreadyNew, unmatched: total - rekeyed - alreadyNew };
  }, ROTATION_TX);
}

export interface Reseal {
  /** Rows re-sealed from the previous secret to the current one. */
  resealed: number;
  /** Rows that already opened under the current secret (made after the new one was deployed, or a second run). */
  alreadyNew: number;
}

/** What `open` returns under `secret`, or null when the value does not open under it. */
function openedUnder<T>(secret: string, open: (secret: string) => T): T | null {
  try {
    return open(secret);
  } catch {
    return null;
  }
}

/**
 * Re-seals every survey private key (completion receipts, segment keys) under the current
 * SURVEY_KEY_SECRET. The key pairs themselves do not change: tokens already issued still verify,
 * and tokens issued after are signed by the same keys. API processes can keep serving during it
 * when they run with SURVEY_KEY_SECRET_PREVIOUS set (they open keys under either).
 */
export async function resealSurveyKeys(db: Db, previous: string, current: string): Promise<Reseal> {
  if (previous === current) throw new Error('SURVEY_KEY_SECRET_PREVIOUS and SURVEY_KEY_SECRET are the same secret');
  const reseal = (sealed: string): string | null => {
    const open = (secret: string) => unsealPrivateKey(sealed, secret);
    if (openedUnder(current, open)) return null;
    const key = openedUnder(previous, open);
    if (!key) throw new Error('a survey key opens under neither SURVEY_KEY_SECRET nor SURVEY_KEY_SECRET_PREVIOUS; nothing was changed');
    return sealPrivateKey(key, current);
  };
  return db.$transaction(async (tx) => {
    const receipts = await tx.$queryRaw<Array<{ id: string; sealed: string }>>`SELECT id::text, receipt_sealed_key AS sealed FROM survey WHERE receipt_sealed_key IS NOT NULL FOR UPDATE`;
    const segments = await tx.$queryRaw<Array<{ id: string; sealed: string }>>`SELECT id::text, sealed_private_key AS sealed FROM survey_segment_key FOR UPDATE`;
    const moved = { receipts: resealAll(receipts, reseal), segments: resealAll(segments, reseal) };
    await updateSealed(tx, 'survey', 'receipt_sealed_key', moved.receipts);
    await updateSealed(tx, 'survey_segment_key', 'sealed_private_key', moved.segments);
    const resealed = moved.receipts.length + moved.segments.length;
    return { resealed, alreadyNew: receipts.length + segments.length - resealed };
  }, ROTATION_TX);
}

function resealAll(rows: Array<{ id: string; sealed: string }>, reseal: (sealed: string) => string | null) {
  return rows.flatMap((row) => {
    const sealed = reseal(row.sealed);
    return sealed === null ? [] : [{ id: row.id, sealed }];
  });
}

async function updateSealed(tx: Tx, table: 'survey' | 'survey_segment_key', column: 'receipt_sealed_key' | 'sealed_private_key', rows: Array<{ id: string; sealed: string }>) {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.id);
  const sealed = rows.map((r) => r.sealed);
  await tx.$executeRaw`UPDATE ${Prisma.raw(table)} t SET ${Prisma.raw(column)} = u.sealed FROM unnest(${ids}::uuid[], ${sealed}::text[]) AS u(id, sealed) WHERE t.id = u.id`;
}

/**
 * Re-seals every TOTP secret under the current FACTOR_KEY_SECRET. Recovery codes are HMACs of
 * codes the server never keeps, so they cannot be re-keyed: the API accepts them under
 * FACTOR_KEY_SECRET_PREVIOUS for as long as it is set (docs/operations.md says how long).
 */
export async function resealFactors(db: Db, previous: string, current: string): Promise<Reseal> {
  if (previous === current) throw new Error('FACTOR_KEY_SECRET_PREVIOUS and FACTOR_KEY_SECRET are the same secret');
  return db.$transaction(async (tx) => {
    const factors = await tx.$queryRaw<Array<{ accountId: string; sealed: Uint8Array }>>`SELECT account_id::text AS "accountId", sealed_secret AS sealed FROM totp_factor FOR UPDATE`;
    const moved = factors.flatMap(({ accountId, sealed }) => {
      const open = (secret: string) => unsealSecret(secret, accountId, sealed);
      if (openedUnder(current, open) !== null) return [];
      const secret = openedUnder(previous, open);
      if (secret === null) throw new Error('a TOTP secret opens under neither FACTOR_KEY_SECRET nor FACTOR_KEY_SECRET_PREVIOUS; nothing was changed');
      return [{ accountId, sealed: hex(sealSecret(current, accountId, secret)) }];
    });
    if (moved.length > 0) {
      await tx.$executeRaw`UPDATE totp_factor f SET sealed_secret = decode(u.sealed, 'hex')
        FROM unnest(${moved.map((m) => m.accountId)}::uuid[], ${moved.map((m) => m.sealed)}::text[]) AS u(id, sealed) WHERE f.account_id = u.id`;
    }
    return { resealed: moved.length, alreadyNew: factors.length - moved.length };
  }, ROTATION_TX);
}

const COMMANDS = {
  'secrets:rotate-pseudonym': { previous: 'PSEUDONYM_SECRET_PREVIOUS', current: 'PSEUDONYM_SECRET' },
  'secrets:reseal-survey-keys': { previous: 'SURVEY_KEY_SECRET_PREVIOUS', current: 'SURVEY_KEY_SECRET' },
  'secrets:reseal-factors': { previous: 'FACTOR_KEY_SECRET_PREVIOUS', current: 'FACTOR_KEY_SECRET' },
} as const;

export type SecretsCommand = keyof typeof COMMANDS;

export const isSecretsCommand = (command: string | undefined): command is SecretsCommand => command !== undefined && command in COMMANDS;

/** Runs one rotation command; returns the line to print (counts only). */
export async function runSecretsCommand(command: SecretsCommand, db: Db, env: Env): Promise<string> {
  const names = COMMANDS[command];
  const previous = env[names.previous];
  if (!previous) throw new Error(`${command} needs ${names.previous} (the old secret) and ${names.current} (the new one) in the environment`);
  const current = env[names.current];
  if (command === 'secrets:rotate-pseudonym') {
    const r = await rotatePseudonyms(db, previous, current);
    return `pseudonyms re-keyed: ${r.rekeyed}; already under the new secret: ${r.alreadyNew}; of deleted accounts (random keys, left as they are): ${r.unmatched}`;
  }
  const r = command === 'secrets:reseal-survey-keys' ? await resealSurveyKeys(db, previous, current) : await resealFactors(db, previous, current);
  return `${command === 'secrets:reseal-factors' ? 'TOTP secrets' : 'survey keys'} re-sealed: ${r.resealed}; already under the new secret: ${r.alreadyNew}`;
}
