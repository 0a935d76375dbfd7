import { createPrivateKey, createPublicKey } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toBase64url } from './base64url.ts';
import { blindMessage, finalizeToken, prepareMessage } from './client.ts';
import { exportPublicKey } from './keys.ts';
import { RFC9474_PSS_RANDOMIZED as v } from './rfc9474-vector.ts';
import { blindSign, verifyToken } from './signer.ts';

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const big = (text: string) => BigInt(`0x${text}`);
const b64 = (value: bigint) => {
  const digits = value.toString(16);
  return Buffer.from(digits.length % 2 ? `0${digits}` : digits, 'hex').toString('base64url');
};

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r, oldS, s] = [a % m, m, 1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

const [n, e, d, p, q] = [big(v.n), big(v.e), big(v.d), big(v.p), big(v.q)];
const jwk = { kty: 'RSA', n: b64(n), e: b64(e) };
const privateKey = createPrivateKey({
  key: { ...jwk, d: b64(d), p: b64(p), q: b64(q), dp: b64(d % (p - 1n)), dq: b64(d % (q - 1n)), qi: b64(modInverse(q, p)) },
  format: 'jwk',
});
const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
const kLen = v.n.length / 2;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RFC 9474 Appendix A, RSABSSA-SHA384-PSS-Randomized', () => {
  it('has a consistent key (n = p·q)', () => {
    expect(p * q).toBe(n);
  });

  it('BlindSign gives the published blind_sig', () => {
    expect(Buffer.from(blindSign(privateKey, hex(v.blindedMsg))).toString('hex')).toBe(v.blindSig);
  });

  it('Verify accepts the published sig over prepared_msg, and nothing else', () => {
    expect(verifyToken(publicKey, hex(v.preparedMsg), hex(v.sig))).toBe(true);
    expect(verifyToken(publicKey, hex(v.msg), hex(v.sig))).toBe(false);
  });

  it('the client, given the published randomness, prepares, blinds and finalizes to the published values', async () => {
    const r = modInverse(big(v.inv), n);
    const rBytes = hex(r.toString(16).padStart(kLen * 2, '0'));
    const random = vi.spyOn(crypto, 'getRandomValues');
    // The library asks, in order, for the message prefix, the PSS salt and the blind r.
    for (const bytes of [hex(v.msgPrefix), hex(v.salt), rBytes]) random.mockImplementationOnce(() => bytes as never);

    const message = prepareMessage(hex(v.msg));
    expect(message).toBe(toBase64url(hex(v.preparedMsg)));
    const blinded = await blindMessage(exportPublicKey(publicKey), message);
    expect(blinded.blindedMessage).toBe(toBase64url(hex(v.blindedMsg)));
    expect(blinded.inverse).toBe(toBase64url(hex(v.inv)));

    const ours = toBase64url(blindSign(privateKey, hex(v.blindedMsg)));
    const token = await finalizeToken(exportPublicKey(publicKey), blinded, ours);
    expect(token).toEqual({ message, signature: toBase64url(hex(v.sig)) });
  });
});
