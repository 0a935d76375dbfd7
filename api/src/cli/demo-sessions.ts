/**
 * Demo data of the account page's devices (issue #14): Dr Martin is also signed in on a phone and
 * on an office computer, so that a first look sees the list and can sign one of them out. The
 * tokens are random and never printed: nobody can use these sessions.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '@consilium/db';
import { dayOf, hashToken } from '../domain/sessions.ts';

const DAY_MS = 86_400_000;
const DEVICES = [
  { device: 'Safari on iOS', openedDaysAgo: 3, usedDaysAgo: 1 },
  { device: 'Firefox on Windows', openedDaysAgo: 20, usedDaysAgo: 6 },
] as const;

/** Signs the physician of `email` in on the demo's other devices; returns the line to print. */
export async function seedDemoSessions(db: Db, email: string, ttlHours: number): Promise<string> {
  const { id } = await db.account.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const now = Date.now();
  const expiresAt = new Date(Math.ceil((now + ttlHours * 3_600_000) / 3_600_000) * 3_600_000);
  await db.session.createMany({
    data: DEVICES.map((d) => ({
      accountId: id,
      tokenHash: hashToken(randomBytes(32).toString('base64url')),
      device: d.device,
      createdAt: dayOf(new Date(now - d.openedDaysAgo * DAY_MS)),
      lastSeenAt: dayOf(new Date(now - d.usedDaysAgo * DAY_MS)),
      expiresAt,
    })),
  });
  return `Demo sessions: ${email} is also signed in on ${DEVICES.map((d) => d.device).join(' and ')} (account page)`;
}
