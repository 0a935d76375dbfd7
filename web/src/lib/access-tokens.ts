/** The choices of the Access tokens page (docs/access-tokens.md). */
export const TOKEN_SCOPES = ['READ_SURVEYS', 'READ_REPORTS'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
/** The expiries offered, in days ('' for none). */
export const TOKEN_EXPIRIES = ['', '30', '90', '365'] as const;
const DAY_MS = 86_400_000;

/** The token's expiry for a chosen number of days (anything else: none). */
export function expiryFor(choice: string, now = Date.now()): string | null {
  if (choice === '' || !(TOKEN_EXPIRIES as readonly string[]).includes(choice)) return null;
  return new Date(now + Number(choice) * DAY_MS).toISOString();
}

/** Whether a token works now: neither revoked nor past its expiry. */
export function isLive(token: { revokedAt: string | null; expiresAt: string | null }, now = Date.now()): boolean {
  return token.revokedAt === null && (token.expiresAt === null || Date.parse(token.expiresAt) > now);
}
