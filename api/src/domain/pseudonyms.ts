/**
 * Pseudonyms: the public persona of a verified physician. The pseudonym table holds no
 * account id; the holder's pseudonym is found by key = HMAC-SHA256(PSEUDONYM_SECRET, account id),
 * and the secret lives outside the database (see docs/pseudonyms.md).
 */
import { randomInt } from 'node:crypto';
import { pseudonymKey } from '@consilium/jobs/pseudonym-key';
import { Prisma } from '@consilium/db';

type Tx = Prisma.TransactionClient;

export { pseudonymKey };

// Words that read the same in French and English; drawn at random, never from the person.
const FIRST = ['Azur', 'Boreal', 'Cobalt', 'Coral', 'Crystal', 'Ember', 'Garnet', 'Indigo', 'Jade', 'Lunar', 'Nova', 'Opal', 'Polar', 'Saffron', 'Sierra', 'Solar', 'Topaz', 'Umber', 'Vega', 'Zephyr'];
const SECOND = ['Albatros', 'Aspen', 'Cedar', 'Condor', 'Falcon', 'Gazelle', 'Heron', 'Ibis', 'Jaguar', 'Lynx', 'Marten', 'Orca', 'Osprey', 'Otter', 'Panda', 'Puma', 'Raven', 'Sequoia', 'Tiger', 'Willow'];

/** A random handle such as "Cobalt-Heron-4821": 20 × 20 × 9000 = 3.6 million of them. */
export function generateHandle(): string {
  return `${FIRST[randomInt(FIRST.length)]}-${SECOND[randomInt(SECOND.length)]}-${randomInt(1000, 10000)}`;
}

/**
 * The account's pseudonym, created on first verification and kept through a revocation and
 * a later re-verification (the same person keeps the same public persona).
 */
export async function ensurePseudonym(tx: Tx, secret: string, accountId: string, badge: { specialty: string; country: string }) {
  const key = pseudonymKey(secret, accountId);
  const existing = await tx.pseudonym.findUnique({ where: { key } });
  // A changed row carries the approval's transaction id until the worker settles the table again.
  if (existing) return tx.pseudonym.update({ where: { key }, data: { ...badge, settled: false } });
  for (let attempt = 0; attempt < 5; attempt++) {
    const handle = generateHandle();
    if (await tx.pseudonym.findUnique({ where: { handle }, select: { id: true } })) continue;
    return tx.pseudonym.create({ data: { key, handle, ...badge } });
  }
  throw new Error('could not draw a free pseudonym handle in 5 attempts');
}
