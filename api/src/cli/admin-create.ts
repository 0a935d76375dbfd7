import { createInterface } from 'node:readline/promises';
import { type Db, isUniqueViolation } from '@consilium/db';
import { z } from 'zod';
import { hashPassword, passwordProblem } from '../domain/passwords.ts';
import type { StaffRole } from '../domain/sessions.ts';
import { STAFF_ROLES } from '../domain/staff.ts';
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

/** `--roles VERIFIER,FINANCE` as staff roles (case-insensitive); every role when not given. */
export function parseStaffRoles(raw: string | undefined): StaffRole[] {
  if (raw === undefined) return [...STAFF_ROLES];
  const roles = raw.split(',').map((r) => r.trim().toUpperCase()).filter(Boolean);
  const unknown = roles.filter((r) => !STAFF_ROLES.includes(r as StaffRole));
  if (unknown.length > 0 || roles.length === 0) throw new Error(`--roles takes a comma-separated list of ${STAFF_ROLES.join(', ')}`);
  return [...new Set(roles as StaffRole[])];
}

/**
 * Admins exist only through this command: the API's register refuses the ADMIN role. The admin
 * holds `roles` (every staff role by default, as the admins of before the roles do) and is created
 * with a TOTP factor enrolled, whose secret and recovery codes the caller prints once.
 */
export async function createAdmin(db: Db, rawEmail: string, password: string, factorKeySecret: string, roles: readonly StaffRole[] = STAFF_ROLES) {
  const parsed = z.email().safeParse(rawEmail.trim().toLowerCase());
  if (!parsed.success) throw new Error('--email is not a valid e-mail address');
  const problem = passwordProblem(password, [parsed.data]);
  if (problem) throw new Error(MESSAGES[problem]);
  try {
    const account = await db.account.create({
      data: { email: parsed.data, passwordHash: await hashPassword(password), role: 'ADMIN', staffRoles: { create: roles.map((role) => ({ role })) } },
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
