import { describe, expect, it } from 'vitest';
import type { Credential } from '$lib/graphql/verification.ts';
import { initialCredentialValues, maySubmit, readCredentialForm } from './credential-form.ts';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const filled = {
  registry: 'INAMI',
  licenseNumber: ' 1 23456 78 901 ',
  specialty: 'cardiology',
  region: ' Liège ',
  practiceStartYear: ' 2011 ',
};

describe('readCredentialForm', () => {
  it('derives the country from the registry and sends the rest as typed, trimmed', () => {
    const result = readCredentialForm(form(filled));
    expect(result).toEqual({
      ok: true,
      values: {
        registry: 'INAMI',
        licenseNumber: '1 23456 78 901',
        specialty: 'cardiology',
        region: 'Liège',
        practiceStartYear: '2011',
      },
      input: {
        registry: 'INAMI',
        country: 'BE',
        licenseNumber: '1 23456 78 901',
        specialty: 'cardiology',
        region: 'Liège',
        practiceStartYear: 2011,
      },
    });
  });

  it('sends no region when none is given, and leaves other checks to the API', () => {
    const result = readCredentialForm(form({ ...filled, registry: 'RPPS', region: '  ', licenseNumber: '', specialty: '' }));
    expect(result.ok && result.input).toMatchObject({ country: 'FR', region: null, licenseNumber: '', specialty: '' });
  });

  it('refuses an unknown registry and a year that is not one, keeping what was typed', () => {
    const result = readCredentialForm(form({ ...filled, registry: 'ADELI', practiceStartYear: 'twenty' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.fields.registry?.reason).toBe('invalid');
    expect(result.errors.fields.practiceStartYear?.reason).toBe('invalid');
    expect(result.values.practiceStartYear).toBe('twenty');
    expect(result.errors.form).toBeNull();
  });

  it('asks for a missing year', () => {
    const result = readCredentialForm(form({ ...filled, practiceStartYear: '' }));
    expect(!result.ok && result.errors.fields.practiceStartYear?.reason).toBe('required');
  });
});

const rejected: Credential = {
  id: 'c1',
  country: 'BE',
  registry: 'INAMI',
  licenseNumber: '12345678901',
  specialty: 'pediatrics',
  region: null,
  practiceStartYear: 2015,
  status: 'REJECTED',
  reviewReason: 'Number not found',
  reverification: null,
  submittedAt: '2026-11-20T10:00:00Z',
  receipt: {
    registry: 'INAMI',
    registryChecked: false,
    registryExtractDate: null,
    decidedAt: '2026-11-21T10:00:00Z',
    decidedByRole: 'ADMIN',
  },
};

describe('initialCredentialValues', () => {
  it('starts empty, on the RPPS', () => {
    expect(initialCredentialValues(null)).toEqual({
      registry: 'RPPS',
      licenseNumber: '',
      specialty: '',
      region: '',
      practiceStartYear: '',
    });
  });

  it('offers a rejected credential back for correction', () => {
    expect(initialCredentialValues(rejected)).toEqual({
      registry: 'INAMI',
      licenseNumber: '12345678901',
      specialty: 'pediatrics',
      region: '',
      practiceStartYear: '2015',
    });
  });
});

describe('maySubmit', () => {
  it('allows a first submission and the replacement of a rejected one only', () => {
    expect(maySubmit(null)).toBe(true);
    expect(maySubmit({ status: 'REJECTED' })).toBe(true);
    for (const status of ['PENDING', 'VERIFIED', 'REVOKED'] as const) expect(maySubmit({ status })).toBe(false);
  });
});
