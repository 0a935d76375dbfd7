/**
 * A software WebAuthn authenticator for tests: ES256 keys from node:crypto, attestation "none",
 * discoverable credentials, user verification, and a signature counter — the answers a browser
 * would hand to the API after `navigator.credentials.create` / `.get`, as JSON strings.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}
interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: Array<{ id: string }>;
}

export interface AssertOptions {
  /** Which of its passkeys to use (base64url id); the newest allowed one otherwise. */
  credentialId?: string;
  /** Sign as if from another origin (a phishing site). */
  origin?: string;
  /** The counter to sign with instead of the next one (a cloned key, or a replay). */
  counter?: number;
  /** Clear the user-verified flag. */
  unverified?: boolean;
  /** Sign this challenge instead of the one in the options. */
  challenge?: string;
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

function counterBytes(counter: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(counter);
  return bytes;
}

/** The credential's public key as a COSE EC2 map (kty 2, alg ES256, crv P-256, x, y). */
function cosePublicKey(privateKey: KeyObject): Uint8Array {
  const jwk = privateKey.export({ format: 'jwk' });
  const key = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, new Uint8Array(Buffer.from(jwk.x!, 'base64url'))],
    [-3, new Uint8Array(Buffer.from(jwk.y!, 'base64url'))],
  ]);
  return isoCBOR.encode(key);
}

export class SoftAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(readonly origin = 'http://localhost:3000') {}

  /** The base64url id of its `index`th passkey (to sign with it whatever the options allow). */
  idOf(index = 0): string {
    return b64url(this.credentials[index]!.id);
  }

  /** The JSON `startRegistration` of @simplewebauthn/browser would return for these options (a JSON string). */
  register(optionsJson: string, { origin = this.origin, unverified = false }: { origin?: string; unverified?: boolean } = {}): string {
    const options = JSON.parse(optionsJson) as CreationOptions;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credential: Credential = { id: randomBytes(32), privateKey, userHandle: options.user.id, counter: 0 };
    const authData = Buffer.concat([
      sha256(options.rp.id ?? new URL(origin).hostname),
      Buffer.from([FLAG_UP | (unverified ? 0 : FLAG_UV) | FLAG_AT]),
      counterBytes(0),
      Buffer.alloc(16),
      Buffer.from([0, credential.id.length]),
      credential.id,
      cosePublicKey(privateKey),
    ]);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', new Uint8Array(authData)]]) as never);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }));
    this.credentials.push(credential);
    const id = b64url(credential.id);
    return JSON.stringify({
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    });
  }

  /** The JSON `startAuthentication` would return for these options (a JSON string). */
  assert(optionsJson: string, opts: AssertOptions = {}): string {
    const options = JSON.parse(optionsJson) as RequestOptions;
    const allowed = options.allowCredentials?.map((c) => c.id);
    const usable = this.credentials.filter((c) => !allowed || allowed.includes(b64url(c.id)));
    const credential = opts.credentialId ? this.credentials.find((c) => b64url(c.id) === opts.credentialId) : usable.at(-1);
    if (!credential) throw new Error('the soft authenticator holds no passkey for these options');
    const counter = opts.counter ?? ++credential.counter;
    const origin = opts.origin ?? this.origin;
    const authData = Buffer.concat([
      sha256(options.rpId ?? new URL(origin).hostname),
      Buffer.from([FLAG_UP | (opts.unverified ? 0 : FLAG_UV)]),
      counterBytes(counter),
    ]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: opts.challenge ?? options.challenge, origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    const id = b64url(credential.id);
    return JSON.stringify({
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature), userHandle: credential.userHandle },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    });
  }
}

type Gql = <T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
  options?: { token?: string; ip?: string; headers?: Record<string, string> },
) => Promise<{ data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;

/** Adds a passkey from `authenticator` to the account of `token` through the API; the passkey's id. */
export async function addPasskey(gql: Gql, token: string, authenticator: SoftAuthenticator, name = 'Laptop'): Promise<string> {
  const started = await gql<{ startPasskeyRegistration: string }>('mutation { startPasskeyRegistration }', {}, { token });
  if (!started.data) throw new Error(JSON.stringify(started.errors));
  const finished = await gql<{ finishPasskeyRegistration: { id: string } }>(
    'mutation ($r: String!, $n: String!) { finishPasskeyRegistration(response: $r, name: $n) { id } }',
    { r: authenticator.register(started.data.startPasskeyRegistration), n: name },
    { token },
  );
  if (!finished.data) throw new Error(JSON.stringify(finished.errors));
  return finished.data.finishPasskeyRegistration.id;
}

/** Options for a passkey sign-in, as the login page asks for them. */
export async function signInOptions(gql: Gql, ip?: string): Promise<string> {
  const started = await gql<{ startPasskeySignIn: string }>('mutation { startPasskeySignIn }', {}, { ip });
  if (!started.data) throw new Error(JSON.stringify(started.errors));
  return started.data.startPasskeySignIn;
}

export const SIGN_IN_WITH_PASSKEY = 'mutation ($r: String!) { signInWithPasskey(response: $r) { token account { id } } }';
