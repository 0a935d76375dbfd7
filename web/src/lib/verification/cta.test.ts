import { describe, expect, it } from 'vitest';
import { credentialCta } from './cta.ts';

describe('credentialCta', () => {
  it('asks for a licence when there is no receipt to show', () => {
    expect(credentialCta('UNSUBMITTED')).toBe('verification.cta.UNSUBMITTED');
    expect(credentialCta('REJECTED')).toBe('verification.cta.REJECTED');
    expect(credentialCta(undefined)).toBe('verification.cta.UNSUBMITTED');
  });

  it('offers the receipt once a licence was submitted', () => {
    expect(credentialCta('PENDING')).toBe('verification.cta.view');
    expect(credentialCta('REVOKED')).toBe('verification.cta.view');
  });
});
