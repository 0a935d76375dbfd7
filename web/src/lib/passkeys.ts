/**
 * The browser's side of a passkey ceremony (#14): ask the web server for the API's options, run
 * the WebAuthn call through @simplewebauthn/browser, and say in one word what went wrong.
 */
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { MessageKey } from './i18n/translator.ts';

export type PasskeyProblem = 'unsupported' | 'cancelled' | 'exists' | 'failed' | 'rateLimited' | 'unavailable';
export type Ceremony = { ok: true; response: string } | { ok: false; problem: PasskeyProblem };

/** What a failed WebAuthn call means for the person: they cancelled, the device already has one, or it failed. */
export function problemOf(error: unknown): PasskeyProblem {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: unknown } | null)?.code;
  const cause = (error as { cause?: unknown } | null)?.cause;
  const causeName = cause instanceof Error ? cause.name : '';
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError' || causeName === 'InvalidStateError') return 'exists';
  if (code === 'ERROR_CEREMONY_ABORTED' || name === 'NotAllowedError' || name === 'AbortError' || causeName === 'NotAllowedError') return 'cancelled';
  if (name === 'NotSupportedError' || causeName === 'NotSupportedError') return 'unsupported';
  return 'failed';
}

/** The web server's answer to an options request, as options or a problem. */
async function optionsFrom(url: string): Promise<{ options: unknown } | { problem: PasskeyProblem }> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { accept: 'application/json' } });
  } catch {
    return { problem: 'unavailable' };
  }
  if (res.status === 429) return { problem: 'rateLimited' };
  if (!res.ok) return { problem: 'unavailable' };
  return { options: await res.json() };
}

/** Creates a passkey (account page) or signs with one (login page); the JSON to post to the form action. */
export async function runCeremony(kind: 'register' | 'authenticate', optionsUrl: string): Promise<Ceremony> {
  if (!browserSupportsWebAuthn()) return { ok: false, problem: 'unsupported' };
  const asked = await optionsFrom(optionsUrl);
  if ('problem' in asked) return { ok: false, problem: asked.problem };
  try {
    const result =
      kind === 'register'
        ? await startRegistration({ optionsJSON: asked.options as Parameters<typeof startRegistration>[0]['optionsJSON'] })
        : await startAuthentication({ optionsJSON: asked.options as Parameters<typeof startAuthentication>[0]['optionsJSON'] });
    return { ok: true, response: JSON.stringify(result) };
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
}

/** The message key of a problem ("rateLimited" and "unavailable" use the app's own). */
export function problemKey(problem: PasskeyProblem): MessageKey {
  if (problem === 'rateLimited') return 'error.rateLimitedSoon';
  if (problem === 'unavailable') return 'error.unavailable.body';
  return `passkeys.problem.${problem}`;
}
