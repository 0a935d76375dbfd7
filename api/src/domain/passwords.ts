/** Password policy and hashing: argon2id at OWASP's parameters, common passwords refused. */
import argon2 from 'argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as fr from '@zxcvbn-ts/language-fr';

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes what it is given; a cap keeps a megabyte "password" from costing CPU. */
export const PASSWORD_MAX_LENGTH = 256;

// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
  graphs: common.adjacencyGraphs,
});

export type PasswordProblem = 'too_short' | 'too_long' | 'common_password';

/**
 * Why a password is refused, or null. "Common" means zxcvbn finds it guessable within 10^8
 * guesses using its maintained lists of leaked passwords and English/French words, or built
 * from the person's own e-mail.
 */
export function passwordProblem(password: string, userInputs: string[] = []): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  return zxcvbn.check(password, userInputs).score < 3 ? 'common_password' : null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password);
}

let dummyHash: Promise<string> | undefined;

/** Spends the time of one verification, so a login for an unknown e-mail takes as long as a wrong password. */
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword('consilium-timing-equaliser');
  await argon2.verify(await dummyHash, password);
}
