import { createInterface } from 'node:readline/promises';
import { type Db, isUniqueViolation } from '@consilium/db';
import { z } from 'zod';
import { hashPassword, passwordProblem } from '../domain/passwords.ts';
import { enrolTotpDirectly } from '../domain/second-factor/factors.ts';
import { totpOf } from '../domain/second-factor/totp.ts';

/** Reads one line from standard input, without echo when it is a terminal. */
export async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    process.stderr.write('Password: ');
    // readline echoes what is typed; writing nothing for each keypress keeps it off the screen.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  }
  try {
    const line = await new Promise<string>((resolve, reject) => {
      rl.once('line', resolve);
      rl.once('close', () => reject(new Error('no password on standard input (or set CONSILIUM_PASSWORD)')));
    });
    if (process.stdin.isTTY) process.stderr.write('\n');
    return line;
  } finally {
    rl.close();
  }
}

const MESSAGES = {
  too_short: 'the password must have at least 12 characters',
  too_long: 'the password must have at most 256 characters',
  common_password: 'the password is too common or too easy to guess',
};

/**
 * Admins exist only through this command: the API's register refuses the ADMIN role. The admin is
 * created with a TOTP factor enrolled, whose secret and recovery codes the caller prints once.
 */
export async function createAdmin(db: Db, rawEmail: string, password: string, factorKeySecret: string) {
  const parsed = z.email().safeParse(rawEmail.trim().toLowerCase());
  if (!parsed.success) throw new Error('--email is not a valid e-mail address');
  const problem = passwordProblem(password, [parsed.data]);
  if (problem) throw new Error(MESSAGES[problem]);
  try {
    const account = await db.account.create({
      data: { email: parsed.data, passwordHash: await hashPassword(password), role: 'ADMIN' },
      select: { id: true },
    });
    const factor = await enrolTotpDirectly(db, factorKeySecret, account.id);
    return { accountId: account.id, ...factor, uri: totpOf(factor.secret, parsed.data).toString() };
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new Error('an account with this e-mail already exists');
    }
    throw err;
  }
}
