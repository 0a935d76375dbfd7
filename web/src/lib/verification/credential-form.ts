import type { FormErrors } from '$lib/graphql/errors.ts';
import type { Credential, CredentialInput } from '$lib/graphql/verification.ts';
import { isRegistryCode, registryCountry, registryOrDefault } from './registries.ts';

/** The fields the API may name in its errors; `country` is shown next to the registry. */
export const CREDENTIAL_FIELDS = [
  'registry',
  'country',
  'licenseNumber',
  'specialty',
  'region',
  'practiceStartYear',
] as const;

export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

/** What the form shows in its inputs, as typed. */
export interface CredentialFormValues {
  registry: string;
  licenseNumber: string;
  specialty: string;
  region: string;
  practiceStartYear: string;
}

export type ReadCredentialForm =
  | { ok: true; values: CredentialFormValues; input: CredentialInput }
  | { ok: false; values: CredentialFormValues; errors: FormErrors<CredentialField> };

const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/**
 * Reads the submitted form into the API's input. Only what cannot be sent at all is refused
 * here (a registry we do not know has no country; a year that is not a number is not an Int);
 * every other rule is the API's, so that its errors come back next to the same fields.
 */
export function readCredentialForm(form: FormData): ReadCredentialForm {
  const values: CredentialFormValues = {
    registry: text(form, 'registry').trim(),
    licenseNumber: text(form, 'licenseNumber').trim(),
    specialty: text(form, 'specialty').trim(),
    region: text(form, 'region').trim(),
    practiceStartYear: text(form, 'practiceStartYear').trim(),
  };
  const errors: FormErrors<CredentialField> = { fields: {}, form: null };
  if (!isRegistryCode(values.registry)) {
    errors.fields.registry = { reason: 'invalid', message: 'Choose a registry from the list.' };
  }
  if (values.practiceStartYear === '') {
    errors.fields.practiceStartYear = { reason: 'required', message: 'practiceStartYear is required.' };
  } else if (!/^\d{4}$/.test(values.practiceStartYear)) {
    errors.fields.practiceStartYear = { reason: 'invalid', message: 'practiceStartYear must be a year.' };
  }
  if (!isRegistryCode(values.registry) || errors.fields.practiceStartYear) return { ok: false, values, errors };
  return {
    ok: true,
    values,
    input: {
      registry: values.registry,
      country: registryCountry(values.registry),
      licenseNumber: values.licenseNumber,
      specialty: values.specialty,
      region: values.region === '' ? null : values.region,
      practiceStartYear: Number(values.practiceStartYear),
    },
  };
}

/** The form's first values: a rejected credential's, to be corrected, else empty. */
export function initialCredentialValues(rejected: Credential | null): CredentialFormValues {
  return {
    registry: registryOrDefault(rejected?.registry),
    licenseNumber: rejected?.licenseNumber ?? '',
    specialty: rejected?.specialty ?? '',
    region: rejected?.region ?? '',
    practiceStartYear: rejected ? String(rejected.practiceStartYear) : '',
  };
}

/** A physician may submit with no credential, or to replace a rejected one. */
export function maySubmit(credential: Pick<Credential, 'status'> | null): boolean {
  return credential === null || credential.status === 'REJECTED';
}
