import { describe, expect, it } from 'vitest';
import { problemKey, problemOf } from './passkeys.ts';

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('x'), { name }, extra);

describe('what a failed passkey call means', () => {
  it('tells a cancelled or timed-out prompt from a device that already holds a passkey, and from a failure', () => {
    expect(problemOf(named('NotAllowedError'))).toBe('cancelled');
    expect(problemOf(named('WebAuthnError', { code: 'ERROR_CEREMONY_ABORTED' }))).toBe('cancelled');
    expect(problemOf(named('InvalidStateError'))).toBe('exists');
    expect(problemOf(named('WebAuthnError', { code: 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED', cause: named('InvalidStateError') }))).toBe('exists');
    expect(problemOf(named('NotSupportedError'))).toBe('unsupported');
    expect(problemOf(named('SecurityError'))).toBe('failed');
    expect(problemOf('not even an error')).toBe('failed');
  });

  it('has a message for each problem', () => {
    expect(problemKey('cancelled')).toBe('passkeys.problem.cancelled');
    expect(problemKey('rateLimited')).toBe('error.rateLimitedSoon');
    expect(problemKey('unavailable')).toBe('error.unavailable.body');
  });
});
