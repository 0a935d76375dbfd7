/** Registration and login: the multi-step use cases behind the account mutations. */
import { isUniqueViolation } from '@consilium/db';
import type { Context } from '../context.ts';
import { badInput, unauthenticated } from '../errors.ts';
import { consume } from './rate-limits.ts';
import { burnVerification, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { createSession } from './sessions.ts';

export interface RegisterArgs {
  email: string;
  password: string;
  role: 'PHYSICIAN' | 'CLIENT';
  organizationName?: string | null;
  organizationType?: 'PUBLIC_AGENCY' | 'ACADEMIC' | 'NONPROFIT' | 'INDUSTRY' | 'OTHER' | null;
}

const PASSWORD_MESSAGES = {
  too_short: 'password must have at least 12 characters.',
  too_long: 'password must have at most 256 characters.',
  common_password: 'password is too common or too easy to guess; choose a longer or less predictable one.',
} as const;

export async function register(ctx: Context, input: RegisterArgs) {
  await consume([ctx.rateLimits.registerByIp, ctx.ip]);
  const [localPart = '', domain = ''] = input.email.split('@');
  const problem = passwordProblem(input.password, [input.email, localPart, domain, 'consilium']);
  if (problem) throw badInput('password', problem, PASSWORD_MESSAGES[problem]);
  if (input.role === 'CLIENT' && !input.organizationName) {
    throw badInput('organizationName', 'organization_required', 'organizationName is required for a client account.');
  }
  const passwordHash = await hashPassword(input.password);
  try {
    const account = await ctx.db.$transaction(async (tx) => {
      const organization =
        input.role === 'CLIENT' ? await tx.organization.create({ data: { name: input.organizationName!, type: input.organizationType ?? 'OTHER' } }) : null;
      return tx.account.create({
        data: { email: input.email, passwordHash, role: input.role, organizationId: organization?.id ?? null },
        select: { id: true },
      });
    });
    const session = await createSession(ctx.db, account.id, ctx.env.SESSION_TTL_HOURS);
    ctx.log.info({ accountId: account.id, role: input.role }, 'account registered');
    return { ...session, accountId: account.id };
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw badInput('email', 'email_taken', 'email is already registered.');
    }
    throw err;
  }
}

/**
 * Same answer, in about the same time, whether the e-mail exists or not: an unknown
 * e-mail still pays for one argon2 verification.
 */
export async function login(ctx: Context, email: string, password: string) {
  await consume([ctx.rateLimits.loginByIp, ctx.ip], [ctx.rateLimits.loginByAccount, email]);
  const account = await ctx.db.account.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  const ok = account ? await verifyPassword(account.passwordHash, password) : (await burnVerification(password), false);
  if (!account || !ok) {
    throw unauthenticated('The e-mail or the password is wrong.', 'invalid_credentials');
  }
  await ctx.rateLimits.loginByAccount.delete(email);
  const session = await createSession(ctx.db, account.id, ctx.env.SESSION_TTL_HOURS);
  ctx.log.info({ accountId: account.id }, 'logged in');
  return { ...session, accountId: account.id };
}
