import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { fr } from '../i18n/fr.ts';
import { isOrganizationType, ORGANIZATION_TYPES, organizationTypeKey } from './types.ts';

describe('organisation types', () => {
  it('accepts only the API’s values', () => {
    for (const type of ORGANIZATION_TYPES) expect(isOrganizationType(type)).toBe(true);
    expect(isOrganizationType('')).toBe(false);
    expect(isOrganizationType('public_agency')).toBe(false);
    expect(isOrganizationType('GOVERNMENT')).toBe(false);
  });

  it('names every type in both languages', () => {
    for (const type of ORGANIZATION_TYPES) {
      expect(fr).toHaveProperty([organizationTypeKey(type)]);
      expect(en).toHaveProperty([organizationTypeKey(type)]);
    }
    expect(fr[organizationTypeKey('PUBLIC_AGENCY')]).toBe('Agence publique');
    expect(en[organizationTypeKey('NONPROFIT')]).toBe('Non-profit');
  });
});
