/**
 * WebAuthn ceremonies (docs/second-factors.md, "Passkeys"): the options handed to the browser,
 * with a challenge kept in Redis for CHALLENGE_SECONDS and used once, and the verification of
 * what the authenticator signed. User verification is required everywhere: a passkey is then
 * something held and something known or being (two factors).
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import { z } from 'zod';
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';

export const CHALLENGE_SECONDS = 300;
const RP_NAME = 'Consilium';
/** ES256 and RS256: what platform authenticators and security keys offer (EdDSA is rare and optional). */
const ALGORITHMS = [-7, -257];
const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;

export type Purpose = 'register' | 'sign-in' | 'step-up';

/** Registration challenges and step-ups are bound to the session; a sign-in has none, so its challenge is its own key. */
function challengeKey(ctx: Pick<Context, 'env'>, purpose: Purpose, binding: string): string {
  return `${ctx.env.REDIS_PREFIX}:webauthn:${purpose}:${binding}`;
}

export async function keepChallenge(ctx: Pick<Context, 'env' | 'redis'>, purpose: Purpose, binding: string, challenge: string): Promise<void> {
  await ctx.redis.set(challengeKey(ctx, purpose, binding), challenge, 'EX', CHALLENGE_SECONDS);
}

/** Takes the challenge kept for this binding (it can be used once); null when there is none or it expired. */
export async function takeChallenge(ctx: Pick<Context, 'env' | 'redis'>, purpose: Purpose, binding: string): Promise<string | null> {
  return ctx.redis.getdel(challengeKey(ctx, purpose, binding));
}

const base64url = z.string().min(1).max(16_384).regex(/^[A-Za-z0-9_-]+$/);
const registrationShape = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: base64url, attestationObject: base64url, transports: z.array(z.string().max(16)).max(8).optional() }).loose(),
  clientExtensionResults: z.object({}).loose().default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});
const authenticationShape = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: base64url, authenticatorData: base64url, signature: base64url, userHandle: base64url.optional() }).loose(),
  clientExtensionResults: z.object({}).loose().default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

/** What the browser sent (JSON), in the shape @simplewebauthn expects, or BAD_USER_INPUT on `response`. */
function parseResponse<T>(shape: z.ZodType, json: string): T {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = undefined;
  }
  const parsed = shape.safeParse(value);
  if (!parsed.success) throw badInput('response', 'invalid', 'response is not a WebAuthn credential as the browser gives it.');
  return parsed.data as T;
}
export const parseRegistration = (json: string) => parseResponse<RegistrationResponseJSON>(registrationShape, json);
export const parseAuthentication = (json: string) => parseResponse<AuthenticationResponseJSON>(authenticationShape, json);

/** The challenge the authenticator signed, read from the client data (the signature is checked later). */
export function signedChallenge(response: AuthenticationResponseJSON): string | null {
  try {
    const { challenge } = decodeClientDataJSON(response.response.clientDataJSON);
    return typeof challenge === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}

export function transportsOf(values: readonly string[] | undefined): AuthenticatorTransportFuture[] {
  return (values ?? []).filter((v): v is AuthenticatorTransportFuture => (TRANSPORTS as readonly string[]).includes(v));
}

/** Options for `navigator.credentials.create`: a discoverable credential (usernameless sign-in), verified user. */
export function registrationOptions(
  ctx: Pick<Context, 'env'>,
  account: { id: string; email: string },
  existing: Array<{ credentialId: string; transports: string[] }>,
) {
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: ctx.env.WEBAUTHN_RP_ID,
    userName: account.email,
    userDisplayName: account.email,
    // The same user handle for every passkey of the account: an authenticator keeps one passkey per account.
    userID: new Uint8Array(Buffer.from(account.id.replaceAll('-', ''), 'hex')),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: ALGORITHMS,
    timeout: CHALLENGE_SECONDS * 1000,
  });
}

export async function verifyRegistration(ctx: Pick<Context, 'env'>, response: RegistrationResponseJSON, challenge: string) {
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: ctx.env.WEBAUTHN_ORIGINS,
      expectedRPID: ctx.env.WEBAUTHN_RP_ID,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
    return result.verified ? result.registrationInfo : null;
  } catch {
    return null;
  }
}

/** Options for `navigator.credentials.get`; no allowed list means "any passkey of this site" (usernameless). */
export function authenticationOptions(ctx: Pick<Context, 'env'>, allow?: Array<{ credentialId: string; transports: string[] }>) {
  return generateAuthenticationOptions({
    rpID: ctx.env.WEBAUTHN_RP_ID,
    userVerification: 'required',
    timeout: CHALLENGE_SECONDS * 1000,
    ...(allow ? { allowCredentials: allow.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })) } : {}),
  });
}

export interface StoredPasskey {
  id: string;
  credentialId: string;
  publicKey: Uint8Array;
  signCount: bigint;
  transports: string[];
}

/** The new signature counter when the assertion is good; null otherwise (signature, origin, challenge, verification or counter). */
export async function verifyAssertion(ctx: Pick<Context, 'env' | 'log'>, response: AuthenticationResponseJSON, challenge: string, passkey: StoredPasskey) {
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: ctx.env.WEBAUTHN_ORIGINS,
      expectedRPID: ctx.env.WEBAUTHN_RP_ID,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.signCount),
        transports: transportsOf(passkey.transports),
      },
    });
    return verified ? authenticationInfo.newCounter : null;
  } catch (err) {
    // A counter that went back means two copies of the key exist (a cloned authenticator) or a replay.
    if (err instanceof Error && err.message.includes('counter')) ctx.log.warn({ passkeyId: passkey.id }, 'passkey signature counter did not increase: refused');
    return null;
  }
}
