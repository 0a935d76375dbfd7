/**
 * Demo data of the account page's passkeys (issue #14): Dr Martin has a passkey on a phone, added
 * three weeks ago, so that a first look sees the list. Its private key is thrown away at once:
 * it can be renamed or removed, never used — a real one is added with "Add a passkey" (Chromium's
 * DevTools → WebAuthn panel gives a virtual authenticator on a machine without one).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Db } from '@consilium/db';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { dayOf } from '../domain/sessions.ts';

const DAY_MS = 86_400_000;

/** Gives the account of `email` one listed passkey; returns the line to print. */
export async function seedDemoPasskeys(db: Db, email: string): Promise<string> {
  const { id } = await db.account.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  const cose = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(Buffer.from(jwk.x!, 'base64url'))],
      [-3, new Uint8Array(Buffer.from(jwk.y!, 'base64url'))],
    ]),
  );
  const now = Date.now();
  await db.passkey.create({
    data: {
      accountId: id,
      credentialId: randomBytes(32).toString('base64url'),
      publicKey: new Uint8Array(cose),
      transports: ['internal', 'hybrid'],
      name: 'Téléphone',
      createdOn: dayOf(new Date(now - 21 * DAY_MS)),
      lastUsedOn: dayOf(new Date(now - 2 * DAY_MS)),
    },
  });
  return `Demo passkeys: ${email} has a listed passkey "Téléphone" (for display; add a real one on the account page — in Chromium, DevTools → WebAuthn gives a virtual authenticator)`;
}
